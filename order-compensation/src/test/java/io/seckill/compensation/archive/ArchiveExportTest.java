package io.seckill.compensation.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.compensation.support.CompensationTest;
import io.seckill.infra.embedded.TestTokens;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The archive list pages as the contract says, and the CSV export of 10,000 archived rows streams completely
 * with Excel's BOM; commas, quotes, newlines and Chinese text survive the round trip.
 */
class ArchiveExportTest extends CompensationTest {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final String TRICKY = "原因: \"库存\", 重试\r\n第二行, and a comma";

    @Test
    void theCsvExportOfTenThousandRowsStreamsCompletelyAndTrickyTextSurvives() throws Exception {
        long activity = nextId();
        insert(activity, 10_000);

        HttpResponse<InputStream> response = http.send(get("/api/admin/archives/export.csv?activityId=" + activity, "archive:export"),
                HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(response.headers().firstValue("Content-Length")).isEmpty();
        List<List<String>> rows;
        try (Reader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(in.read()).isEqualTo(0xFEFF);
            rows = parse(in);
        }
        assertThat(rows).hasSize(10_001);
        assertThat(String.join(",", rows.getFirst())).isEqualTo(CsvRows.HEADER);
        List<String> header = rows.getFirst();
        int lastError = header.indexOf("lastError");
        int payload = header.indexOf("payload");
        assertThat(rows.subList(1, rows.size())).allSatisfy(row -> {
            assertThat(row).hasSize(header.size());
            assertThat(row.get(lastError)).isEqualTo(TRICKY);
            assertThat(json.readTree(row.get(payload)).path("note").asString()).isEqualTo("备注, \"引号\"\n换行");
        });
        assertThat(rows.subList(1, rows.size())).extracting(r -> r.get(header.indexOf("activityId"))).containsOnly(Long.toString(activity));
    }

    @Test
    void theListPagesAndFiltersWithItemsPageSizeAndTotal() throws Exception {
        long activity = nextId();
        insert(activity, 25);

        HttpResponse<String> response = http.send(get("/api/admin/archives?activityId=" + activity + "&status=UNRESOLVED&page=1&size=10",
                "archive:read"), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode page = json.readTree(response.body());
        assertThat(page.path("total").asLong()).isEqualTo(25);
        assertThat(page.path("page").asInt()).isEqualTo(1);
        assertThat(page.path("size").asInt()).isEqualTo(10);
        assertThat(page.path("items")).hasSize(10);
        assertThat(page.path("items").get(0).path("lastError").asString()).isEqualTo(TRICKY);
        assertThat(page.path("items").get(0).path("id").isString()).isTrue();
        assertThat(page.path("items").get(0).path("activityId").asString()).isEqualTo(Long.toString(activity));
        assertThat(Instant.parse(page.path("items").get(0).path("createdAt").asString())).isBefore(Instant.now().plusSeconds(5));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'ARCHIVE_LIST' AND service = 'order-compensation'")
                .query(Long.class).single()).isPositive();

        HttpResponse<String> bad = http.send(get("/api/admin/archives?status=LOST", "archive:read"), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json.readTree(bad.body()).path("code").asString()).isEqualTo("VALIDATION_FAILED");
    }

    private void insert(long activity, int count) {
        String payload = json.writeValueAsString(java.util.Map.of("note", "备注, \"引号\"\n换行"));
        List<Object[]> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(new Object[] {nextId(), nextId(), activity, nextId(), 1, payload, TRICKY, 3});
        }
        var template = new org.springframework.jdbc.core.JdbcTemplate(dataSource());
        template.batchUpdate("""
                INSERT INTO failed_order_archives (id, reservation_id, activity_id, user_id, quantity, payload, last_error, retries)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", batch);
    }

    @org.springframework.beans.factory.annotation.Autowired
    javax.sql.DataSource dataSource;

    private javax.sql.DataSource dataSource() {
        return dataSource;
    }

    private HttpRequest get(String path, String permission) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + TestTokens.adminToken(nextId(), permission)).GET().build();
    }

    /** An RFC 4180 reader (quoted fields, doubled quotes, CRLF), independent of the writer under test. */
    static List<List<String>> parse(Reader in) throws java.io.IOException {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int c;
        while ((c = in.read()) != -1) {
            if (quoted) {
                if (c == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next != -1) {
                            in.reset();
                        }
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r') {
                in.mark(1);
                if (in.read() != '\n') {
                    throw new AssertionError("CR without LF outside quotes");
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (c == '\n') {
                throw new AssertionError("bare LF outside quotes");
            } else {
                field.append((char) c);
            }
        }
        if (!row.isEmpty() || field.length() > 0) {
            throw new AssertionError("the last row does not end with CRLF");
        }
        return rows;
    }
}
