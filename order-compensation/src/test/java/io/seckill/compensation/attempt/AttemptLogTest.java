package io.seckill.compensation.attempt;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.compensation.retry.CompensationMessage;
import io.seckill.infra.embedded.FreePorts;
import io.seckill.kernel.id.IdGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.MariaDbDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The file half of the dual log keeps every attempt while MySQL is unreachable. */
class AttemptLogTest {

    private static final JsonMapper json = JsonMapper.builder().build();

    @Test
    void anAttemptIsWrittenAsOneJsonLineWhenMySqlIsDown() throws Exception {
        Path file = Path.of("target", "attempt-log-" + System.nanoTime() + ".jsonl");
        MariaDbDataSource down = new MariaDbDataSource("jdbc:mariadb://127.0.0.1:" + FreePorts.pick() + "/nothing?connectTimeout=500");
        AttemptLog log = new AttemptLog(JdbcClient.create(down), new IdGenerator(1), json, Clock.systemUTC(), file.toString());
        try {
            log.record(CompensationMessage.of("42", "{\"type\":\"ReservationCreated\",\"payload\":{\"reservationId\":\"42\","
                    + "\"activityId\":\"7\",\"userId\":\"9\",\"quantity\":1}}"), 2, "RETRY_10S", "FAILED", "order-service answered 503");
        } finally {
            log.destroy();
        }

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(1);
        JsonNode line = json.readTree(lines.getFirst());
        assertThat(line.path("reservationId").asString()).isEqualTo("42");
        assertThat(line.path("activityId").asString()).isEqualTo("7");
        assertThat(line.path("attempt").asInt()).isEqualTo(2);
        assertThat(line.path("stage").asString()).isEqualTo("RETRY_10S");
        assertThat(line.path("outcome").asString()).isEqualTo("FAILED");
        assertThat(line.path("error").asString()).contains("503");
    }
}
