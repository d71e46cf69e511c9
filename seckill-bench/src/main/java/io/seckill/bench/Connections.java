package io.seckill.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The customer calls of the bench (captcha, path, attempt) on plain HTTP/1.1 keep-alive sockets: one connection
 * per {@link OpenLoop} worker (a virtual thread), kept for the whole phase, requests written as bytes and answers
 * read by {@link HttpAnswers}. The attempt phase, where the rate matters, runs on {@link SocketLoop} instead.
 *
 * <p>Why not the JDK {@link java.net.http.HttpClient} the rest of the bench uses: a load generator has to cost far
 * less per request than the service it measures, on the same two cores. Profiled, the JDK client spent about 15
 * times what seckill-api spends on a sold-out answer, so the bench topped out near 2,000 attempts/s while
 * {@code wrk} drove the same service to 37,000/s. This is what {@code wrk} does: the smallest HTTP/1.1 client
 * that a known server needs (no TLS, no redirects, no proxies, no HTTP/2), which the bench can afford to own.
 */
final class Connections implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = (int) Http.REQUEST_TIMEOUT.toMillis();

    private final String host;
    private final int port;
    private final String hostHeader;
    private final ThreadLocal<Connection> perWorker = new ThreadLocal<>();
    private final Queue<Connection> opened = new ConcurrentLinkedQueue<>();

    Connections(URI base) {
        if (!"http".equals(base.getScheme())) {
            throw new IllegalArgumentException("the bench speaks plain HTTP to a local stack, not " + base);
        }
        this.host = base.getHost();
        this.port = base.getPort() < 0 ? 80 : base.getPort();
        this.hostHeader = host + ":" + port;
    }

    Http.Answer get(String path, String token) throws IOException {
        return call("GET", path, token, null);
    }

    Http.Answer post(String path, String token, String jsonBody) throws IOException {
        return call("POST", path, token, jsonBody);
    }

    /**
     * One request on this worker's connection. A failure is not retried (it becomes the call's ERROR outcome): a
     * resent attempt could be the buyer's second one and would blur what the bench counts. The connection is
     * dropped and the worker's next call opens a new one.
     */
    private Http.Answer call(String method, String path, String token, String jsonBody) throws IOException {
        byte[] request = HttpAnswers.request(method, path, hostHeader, token, jsonBody);
        Connection connection = connection();
        try {
            Http.Answer answer = connection.exchange(request);
            if (connection.closedByServer) {
                drop(connection);
            }
            return answer;
        } catch (IOException | RuntimeException failed) {
            drop(connection);
            throw failed;
        }
    }

    private Connection connection() throws IOException {
        Connection connection = perWorker.get();
        if (connection == null) {
            connection = new Connection(host, port);
            perWorker.set(connection);
            opened.add(connection);
        }
        return connection;
    }

    private void drop(Connection connection) {
        perWorker.remove();
        opened.remove(connection);
        connection.close();
    }

    @Override
    public void close() {
        Connection connection;
        while ((connection = opened.poll()) != null) {
            connection.close();
        }
    }

    /** One socket and its read buffer; used by one worker at a time. */
    private static final class Connection {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private byte[] buffer = new byte[16 * 1024];
        private int start;
        private int end;
        /** The last answer said {@code Connection: close}. */
        private boolean closedByServer;

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        Http.Answer exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            HttpAnswers.Parsed parsed;
            while ((parsed = HttpAnswers.parse(buffer, start, end)) == null) {
                fill();
            }
            start += parsed.consumed();
            closedByServer = parsed.close();
            return parsed.answer();
        }

        /** Moves the unread bytes to the front (growing the buffer if full) and reads more. */
        private void fill() throws IOException {
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
            }
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                throw new EOFException("the server closed the connection");
            }
            end += read;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing: nothing left to do with it
            }
        }
    }
}
