package io.seckill.compensation.retry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Both shapes of the hanging-transaction hand-over are filed under their reservation, and replay unchanged. */
class CompensationMessageTest {

    private static final String ENVELOPE = """
            {"id":"91","type":"TransactionHanging","version":1,"occurredAt":"2026-12-02T12:00:00Z","traceId":"91",
             "payload":{"txId":"rsv-4711","attempts":3}}""";
    private static final String BEFORE_THE_ENVELOPE = "{\"txId\":\"rsv-4711\",\"hanging\":true}";

    @Test
    void theEnvelopedHandOverIsFiledUnderItsReservationAndReplaysUnderTheSameKey() {
        CompensationMessage message = CompensationMessage.of("4711", ENVELOPE);

        assertThat(message.reservationId()).isEqualTo(4711L);
        assertThat(message.payload()).isEqualTo(ENVELOPE);
        assertThat(CompensationMessage.archived(4711, ENVELOPE).key()).isEqualTo("4711");
    }

    @Test
    void anArchivedHandOverOfTheOldShapeReplaysUnderItsTransactionId() {
        CompensationMessage message = CompensationMessage.of("rsv-4711", BEFORE_THE_ENVELOPE);

        assertThat(message.reservationId()).isEqualTo(4711L);
        assertThat(CompensationMessage.archived(4711, BEFORE_THE_ENVELOPE).key()).isEqualTo("rsv-4711");
    }

    @Test
    void aHandOverOfAnotherTransactionThanAnOrderIsFiledUnderItsKey() {
        String other = ENVELOPE.replace("rsv-4711", "manual-7");

        assertThat(CompensationMessage.of("manual-7", other).reservationOrZero()).isZero();
    }
}
