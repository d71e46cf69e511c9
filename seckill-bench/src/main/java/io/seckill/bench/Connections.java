package io.seckill.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The customer calls of the bench (captcha, path, attempt) on plain HTTP/1.1 keep-alive sockets: one connection
 * per {@link OpenLoop} worker (a virtual thread), kept for the whole run, requests written as bytes and answers
 * read by {@code Content-Length} or chunks.
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
        byte[] request = request(method, path, token, jsonBody);
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

    private byte[] request(String method, String path, String token, String jsonBody) {
        StringBuilder head = new StringBuilder(640).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(hostHeader).append("\r\nAccept: application/json\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        byte[] body = jsonBody == null ? null : jsonBody.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return headBytes;
        }
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
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
            int headerEnd = readHeaders();
            int status = parseStatus();
            long contentLength = -1;
            boolean chunked = false;
            boolean close = false;
            int line = indexOf(start, headerEnd, '\n') + 1;
            while (line < headerEnd - 2) {
                int next = indexOf(line, headerEnd, '\n') + 1;
                if (headerIs(line, "content-length:")) {
                    contentLength = Long.parseLong(value(line, next));
                } else if (headerIs(line, "transfer-encoding:")) {
                    chunked = value(line, next).equalsIgnoreCase("chunked");
                } else if (headerIs(line, "connection:")) {
                    close = value(line, next).equalsIgnoreCase("close");
                }
                line = next;
            }
            start = headerEnd;
            String body = chunked ? readChunked() : readBody(contentLength < 0 ? 0 : (int) contentLength);
            closedByServer = close;
            return new Http.Answer(status, body);
        }

        /** Reads until the blank line ending the headers; returns the index just past it. */
        private int readHeaders() throws IOException {
            int scanned = 0; // bytes after start already searched; fill() keeps offsets from start
            while (true) {
                for (int i = start + Math.max(0, scanned - 3); i + 3 < end; i++) {
                    if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
                        return i + 4;
                    }
                }
                scanned = end - start;
                fill();
            }
        }

        private int parseStatus() throws IOException {
            // "HTTP/1.1 200 ..."
            if (end - start < 12 || buffer[start] != 'H') {
                throw new IOException("not an HTTP answer");
            }
            return (buffer[start + 9] - '0') * 100 + (buffer[start + 10] - '0') * 10 + (buffer[start + 11] - '0');
        }

        private String readBody(int length) throws IOException {
            while (end - start < length) {
                fill();
            }
            String body = new String(buffer, start, length, StandardCharsets.UTF_8);
            start += length;
            return body;
        }

        private String readChunked() throws IOException {
            StringBuilder body = new StringBuilder();
            while (true) {
                int lineEnd;
                while ((lineEnd = indexOf(start, end, '\n')) < 0) {
                    fill();
                }
                String sizeLine = new String(buffer, start, lineEnd - start, StandardCharsets.ISO_8859_1).trim();
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt(semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon), 16);
                start = lineEnd + 1;
                if (size == 0) {
                    // Trailers are not used by the API; the last chunk is followed by one blank line.
                    while (end - start < 2) {
                        fill();
                    }
                    start += 2;
                    return body.toString();
                }
                body.append(readBody(size));
                while (end - start < 2) {
                    fill();
                }
                start += 2;
            }
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

        private int indexOf(int from, int to, char c) {
            for (int i = from; i < to; i++) {
                if (buffer[i] == c) {
                    return i;
                }
            }
            return -1;
        }

        private boolean headerIs(int line, String lowerCaseName) {
            if (end - line < lowerCaseName.length()) {
                return false;
            }
            for (int i = 0; i < lowerCaseName.length(); i++) {
                if (Character.toLowerCase(buffer[line + i]) != lowerCaseName.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private String value(int line, int next) {
            int colon = indexOf(line, next, ':');
            return new String(buffer, colon + 1, next - colon - 1, StandardCharsets.ISO_8859_1).trim();
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
