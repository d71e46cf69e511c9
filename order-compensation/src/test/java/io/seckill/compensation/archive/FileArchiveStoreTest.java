package io.seckill.compensation.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.compensation.retry.CompensationMessage;
import io.seckill.kernel.id.IdGenerator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The JSON-lines archive keeps one row per reservation, moves states like the MySQL one and survives a restart. */
class FileArchiveStoreTest {

    private static final JsonMapper json = JsonMapper.builder().build();
    private final Path file = Path.of("target", "file-archive-" + System.nanoTime() + ".jsonl");

    private FileArchiveStore open() {
        return new FileArchiveStore(file, new IdGenerator(3), Clock.systemUTC(), json);
    }

    private static CompensationMessage message(long reservation, long activity) {
        return CompensationMessage.of(Long.toString(reservation), """
                {"type":"ReservationCreated","version":1,"payload":{"reservationId":"%d","activityId":"%d","userId":"5",
                "quantity":2,"unitPrice":"9.90","note":"逗号, \\"引号\\"\\n换行"}}""".formatted(reservation, activity));
    }

    @Test
    void rowsAndTheirStatesSurviveARestartAndASecondArchiveOfTheSameReservationChangesNothing() {
        FileArchiveStore store = open();
        assertThat(store.archive(message(11, 7), 3, "boom")).isTrue();
        assertThat(store.archive(message(11, 7), 5, "again")).isFalse();
        assertThat(store.archive(message(12, 7), 3, "boom")).isTrue();
        long first = store.findByReservation(11).orElseThrow().id();
        assertThat(store.startRetry(first)).isTrue();
        assertThat(store.startRetry(first)).isFalse();
        store.retryFailed(first, "still down");
        assertThat(store.startRetry(first)).isTrue();
        store.resolve(first, ArchivedOrder.Status.ROLLED_BACK, "admin:1");

        FileArchiveStore reopened = open();

        ArchivedOrder row = reopened.find(first).orElseThrow();
        assertThat(row.status()).isEqualTo(ArchivedOrder.Status.ROLLED_BACK);
        assertThat(row.retries()).isEqualTo(4);
        assertThat(row.lastError()).isEqualTo("still down");
        assertThat(row.resolvedBy()).isEqualTo("admin:1");
        assertThat(row.resolvedAt()).isNotNull();
        assertThat(row.quantity()).isEqualTo(2);
        assertThat(row.payload()).contains("逗号, \\\"引号\\\"\\n换行");
        assertThat(reopened.open(7)).extracting(ArchivedOrder::reservationId).containsExactly(12L);
        assertThat(reopened.page(new ArchiveStore.Filter(ArchivedOrder.Status.UNRESOLVED, 7L, null, null, null), 0, 10).total()).isEqualTo(1);
        assertThat(reopened.page(ArchiveStore.Filter.ALL, 0, 1).items()).hasSize(1);
        List<Long> exported = new ArrayList<>();
        reopened.forEach(ArchiveStore.Filter.ALL, r -> exported.add(r.reservationId()));
        assertThat(exported).containsExactly(11L, 12L);
    }
}
