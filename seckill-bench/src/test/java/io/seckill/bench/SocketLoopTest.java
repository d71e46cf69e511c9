package io.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The attempt engine against a real server on loopback (the JDK's): schedule, framing, reconnects, failures. */
class SocketLoopTest {

    private HttpServer server;
    private URI base;
    private final Set<String> bodies = ConcurrentHashMap.newKeySet();
    private final AtomicInteger served = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/stall", exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/0")) {
                try {
                    Thread.sleep(500); // the simulated server stall under test
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(202, 2);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{}".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/big", exchange -> {
            byte[] body = ("{\"code\":\"SOLD_OUT\",\"detail\":\"" + "x".repeat(40_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(410, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < body.length; i += 7_000) {
                    out.write(body, i, Math.min(7_000, body.length - i));
                    out.flush();
                }
            }
        });
        server.createContext("/attempt", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int n = served.incrementAndGet();
            boolean accepted = exchange.getRequestURI().getPath().endsWith("/0");
            if (n % 10 == 0) {
                exchange.getResponseHeaders().add("Connection", "close");
            }
            byte[] body = (accepted ? "{\"reservationId\":\"7\"}" : "{\"code\":\"SOLD_OUT\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(accepted ? 202 : 410, n % 3 == 0 ? 0 : body.length); // some chunked
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private SocketLoop.Exchange attempts(String host) {
        return new SocketLoop.Exchange() {
            @Override
            public byte[] request(int i) {
                return HttpAnswers.request("POST", "/attempt/" + (i % 50), host, "t" + i, "{\"i\":" + i + "}");
            }

            @Override
            public String outcome(int i, Http.Answer answer) {
                return answer.status() == 202 ? OpenLoop.ACCEPTED : answer.problemCode();
            }
        };
    }

    @Test
    void aStallDelaysTheCallsQueuedBehindItAndTheirLatencyShowsIt() throws IOException {
        // 100 calls/s, one in flight: the first call stalls 500 ms, the others are instant. Timed from their actual
        // send, the 50 queued calls would look instant; from their intended time they waited up to ~500 ms.
        String host = base.getHost() + ":" + base.getPort();
        OpenLoop.Result r = SocketLoop.run("co", 100, 100, 1, Duration.ofSeconds(10), base, new SocketLoop.Exchange() {
            @Override
            public byte[] request(int i) {
                return HttpAnswers.request("GET", "/stall/" + i, host, null, null);
            }

            @Override
            public String outcome(int i, Http.Answer answer) {
                return OpenLoop.ACCEPTED;
            }
        });

        assertThat(r.sent()).isEqualTo(100);
        // 49 calls were due during the stall (10, 20, ... 490 ms behind), 51 were not.
        assertThat(r.latencyMicros().getValueAtPercentile(40)).isLessThan(50_000);
        assertThat(r.latencyMicros().getValueAtPercentile(75)).isGreaterThan(100_000);
        assertThat(r.latencyMicros().getMaxValue()).isGreaterThanOrEqualTo(490_000);
    }

    @Test
    void everyCallIsSentOnceAtItsScheduleAndEveryAnswerCountedAcrossReconnects() throws IOException {
        // 400 calls at 400/s on 20 connections; the server closes every tenth connection and chunks every third answer.
        OpenLoop.Result r = SocketLoop.run("attempts", 400, 400, 20, Duration.ofSeconds(10), base,
                attempts(base.getHost() + ":" + base.getPort()));

        assertThat(r.sent()).isEqualTo(400);
        assertThat(r.outcomes()).containsEntry(OpenLoop.ACCEPTED, 8L).containsEntry("SOLD_OUT", 392L);
        assertThat(r.errors()).isZero();
        assertThat(bodies).hasSize(400);
        assertThat(r.seconds()).isBetween(0.9, 5.0);
        assertThat(r.latencyMicros().getTotalCount()).isEqualTo(400);
    }

    @Test
    void aRefusedConnectionIsAnErrorPerCallNotAHang() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort);

        OpenLoop.Result r = SocketLoop.run("attempts", 50, 0, 5, Duration.ofSeconds(10), nowhere,
                attempts("127.0.0.1:" + closedPort));

        assertThat(r.sent()).isEqualTo(50);
        assertThat(r.errors()).isEqualTo(50);
        assertThat(r.outcomes()).containsOnlyKeys("ERROR_ConnectException");
        assertThat(r.seconds()).isLessThan(5);
    }

    @Test
    void unpacedCallsStopAtTheCountWithManyConnectionsFree() throws IOException {
        // No rate: as fast as the connections allow; far more connections than calls must not send call 50.
        OpenLoop.Result r = SocketLoop.run("attempts", 50, 0, 40, Duration.ofSeconds(10), base,
                attempts(base.getHost() + ":" + base.getPort()));

        assertThat(r.sent()).isEqualTo(50);
        assertThat(r.errors()).isZero();
        assertThat(served).hasValue(50);
    }

    @Test
    void pacedCallsStopAtTheCountWhenTheScheduleRunsAhead() throws IOException {
        OpenLoop.Result r = SocketLoop.run("attempts", 300, 3_000, 100, Duration.ofSeconds(10), base,
                attempts(base.getHost() + ":" + base.getPort()));

        assertThat(r.sent()).isEqualTo(300);
        assertThat(r.errors()).isZero();
        assertThat(served).hasValue(300);
    }

    @Test
    void answersLargerThanTheBufferAndCallsWithNothingToSend() throws IOException {
        String host = base.getHost() + ":" + base.getPort();
        OpenLoop.Result r = SocketLoop.run("captchas", 30, 0, 3, Duration.ofSeconds(10), base, new SocketLoop.Exchange() {
            @Override
            public String skip(int i) {
                return i % 3 == 0 ? "NO_CAPTCHA" : null;
            }

            @Override
            public byte[] request(int i) {
                return HttpAnswers.request("GET", "/big", host, "t", null);
            }

            @Override
            public String outcome(int i, Http.Answer answer) {
                return answer.body().length() > 40_000 ? answer.problemCode() : "TRUNCATED";
            }
        });

        assertThat(r.outcomes()).containsEntry("NO_CAPTCHA", 10L).containsEntry("SOLD_OUT", 20L).hasSize(2);
    }

    @Test
    void callsDueAfterTheDeadlineAreUnsent() throws IOException {
        OpenLoop.Result r = SocketLoop.run("attempts", 1_000, 100, 10, Duration.ofSeconds(1), base,
                attempts(base.getHost() + ":" + base.getPort()));

        assertThat(r.outcome("UNSENT")).isGreaterThan(800);
        assertThat(r.sent() + r.outcome("UNSENT")).isEqualTo(1_000);
        assertThat(r.errors()).isZero();
    }
}
