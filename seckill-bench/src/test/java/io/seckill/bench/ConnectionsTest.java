package io.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bench's own HTTP/1.1 client against a real server on loopback (the JDK's): framing, keep-alive, errors. */
class ConnectionsTest {

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private URI base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fixed", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
            answer(exchange, 202, "{\"reservationId\":\"42\",\"status\":\"QUEUED\"}", false);
        });
        server.createContext("/chunked", exchange -> answer(exchange, 410,
                "{\"code\":\"SOLD_OUT\",\"detail\":\"" + "x".repeat(40_000) + "\"}", true));
        server.createContext("/close", exchange -> {
            exchange.getResponseHeaders().add("Connection", "close");
            answer(exchange, 503, "{\"code\":\"QUEUE_UNAVAILABLE\"}", false);
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body, boolean chunked)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, chunked ? 0 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (chunked) {
                for (int i = 0; i < bytes.length; i += 7_000) {
                    out.write(bytes, i, Math.min(7_000, bytes.length - i));
                    out.flush();
                }
            } else {
                out.write(bytes);
            }
        }
    }

    @Test
    void sendsTheRequestAndReadsFixedLengthAnswersOnOneKeptAliveConnection() throws IOException {
        try (Connections http = new Connections(base)) {
            for (int i = 0; i < 3; i++) {
                Http.Answer answer = http.post("/fixed/" + i, "tok" + i, "{\"quantity\":1}");
                assertThat(answer.status()).isEqualTo(202);
                assertThat(answer.json().path("reservationId").asString()).isEqualTo("42");
            }
            Http.Answer get = http.get("/fixed/get", null);
            assertThat(get.status()).isEqualTo(202);
        }
        assertThat(seen).containsExactly(
                "POST /fixed/0 Bearer tok0 application/json {\"quantity\":1}",
                "POST /fixed/1 Bearer tok1 application/json {\"quantity\":1}",
                "POST /fixed/2 Bearer tok2 application/json {\"quantity\":1}",
                "GET /fixed/get null null ");
    }

    @Test
    void readsChunkedAnswersLargerThanItsBufferAndKeepsTheConnectionUsable() throws IOException {
        try (Connections http = new Connections(base)) {
            Http.Answer big = http.get("/chunked", "t");
            assertThat(big.status()).isEqualTo(410);
            assertThat(big.problemCode()).isEqualTo("SOLD_OUT");
            assertThat(big.body()).hasSize(40_000 + "{\"code\":\"SOLD_OUT\",\"detail\":\"\"}".length());
            assertThat(http.post("/fixed/after", "t", "{}").status()).isEqualTo(202);
        }
    }

    @Test
    void anAnswerWithConnectionCloseIsReturnedAndTheNextCallOpensANewConnection() throws IOException {
        try (Connections http = new Connections(base)) {
            Http.Answer closing = http.get("/close", "t");
            assertThat(closing.status()).isEqualTo(503);
            assertThat(closing.problemCode()).isEqualTo("QUEUE_UNAVAILABLE");
            assertThat(http.post("/fixed/again", "t", "{}").status()).isEqualTo(202);
        }
    }

    @Test
    void aServerThatIsGoneIsAnIoErrorNotAHang() throws IOException {
        try (Connections http = new Connections(base)) {
            assertThat(http.get("/fixed/first", null).status()).isEqualTo(202);
            server.stop(0);
            assertThatThrownBy(() -> http.post("/fixed/second", "t", "{}")).isInstanceOf(IOException.class);
        }
    }

    @Test
    void refusesAnythingButPlainHttp() {
        assertThatThrownBy(() -> new Connections(URI.create("https://example.org")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
