package io.seckill.compensation.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fault-injecting HTTP proxy in front of the real order-service (the toxiproxy idea, on the JDK server): while
 * {@link #failing(boolean)} it answers 503 as an order-service whose database is down would; otherwise it
 * forwards every request unchanged. Counts the requests it forwarded.
 */
public final class FaultyProxy implements AutoCloseable {

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<String> upstream = new AtomicReference<>();
    private volatile boolean failing;
    private final AtomicInteger forwarded = new AtomicInteger();

    public FaultyProxy() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status;
            byte[] answer;
            if (failing || upstream.get() == null) {
                status = 503;
                answer = "{\"code\":\"COMPENSATION_TRANSIENT_FAILURE\",\"detail\":\"injected: database down\"}".getBytes(StandardCharsets.UTF_8);
            } else {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream.get() + exchange.getRequestURI()))
                        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("X-Internal-Secret")) {
                        values.forEach(v -> request.header(name, v));
                    }
                });
                try {
                    HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                    status = response.statusCode();
                    answer = response.body();
                    forwarded.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    status = 502;
                    answer = new byte[0];
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void upstream(String url) {
        upstream.set(url);
    }

    public void failing(boolean on) {
        failing = on;
    }

    public int forwarded() {
        return forwarded.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
