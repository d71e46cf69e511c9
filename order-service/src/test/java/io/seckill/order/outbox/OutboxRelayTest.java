package io.seckill.order.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.infra.embedded.WithEmbeddedInfra;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay's claim against the order pipeline's outbox inserts, on the real MariaDB: while a relay holds a claim
 * (as it does while it waits for Kafka's acks), new outbox rows go in at once, and a second relay claims them
 * without the first one's rows. The scheduled relay is slowed to an hour so only the test claims.
 */
@WithEmbeddedInfra
@SpringBootTest(properties = {"seckill.outbox.interval=1h", "seckill.order.timeout-scan-interval=1h",
        "seckill.order.release-retry-interval=1h", "seckill.tx.scan-interval=1h"})
@DirtiesContext
class OutboxRelayTest {

    private static final String AGGREGATE = "relay-test";

    @Autowired
    OutboxRelay relay;

    @Autowired
    Outbox outbox;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void removeTestEvents() {
        jdbc.sql("DELETE FROM outbox_events WHERE aggregate_type = ?").param(AGGREGATE).update();
    }

    @Test
    void anOpenClaimHoldsUpNeitherTheNextInsertNorAnotherRelay() throws Exception {
        add("first");

        List<String> heldByFirst = relay.inClaim(status -> {
            List<String> claimed = aggregateIds(relay.claim());
            // Another thread, another connection: what the order pipeline does while this claim awaits its acks.
            // Under REPEATABLE READ this insert waited for the end of the claim's transaction.
            within5s(CompletableFuture.runAsync(() -> add("second")));
            List<String> heldBySecond = within5s(CompletableFuture.supplyAsync(
                    () -> relay.inClaim(other -> aggregateIds(relay.claim()))));
            assertThat(heldBySecond).containsExactly("second");
            return claimed;
        });

        assertThat(heldByFirst).containsExactly("first");
    }

    private static <T> T within5s(CompletableFuture<T> step) {
        try {
            return step.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("blocked or failed: " + e, e);
        }
    }

    private void add(String aggregateId) {
        tx.executeWithoutResult(status -> outbox.addAllNew(AGGREGATE, "RelayTested",
                List.of(new Outbox.NewEvent(aggregateId, aggregateId, Map.of("test", aggregateId)))));
    }

    private List<String> aggregateIds(List<OutboxRelay.Row> rows) {
        // Rows other tests left unpublished may be claimed too: only this test's are compared.
        return rows.stream()
                .flatMap(row -> jdbc.sql("SELECT aggregate_id FROM outbox_events WHERE id = ? AND aggregate_type = ?")
                        .params(row.id(), AGGREGATE).query(String.class).optional().stream())
                .toList();
    }
}
