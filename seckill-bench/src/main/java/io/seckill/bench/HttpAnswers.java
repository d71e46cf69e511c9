package io.seckill.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads one HTTP/1.1 answer out of the bytes received so far, framed by {@code Content-Length} or chunks: the
 * parser of the bench's own client ({@link SocketLoop}, non-blocking: called again as bytes arrive). Answers are
 * small JSON bodies from a known server, so a whole answer is parsed again from its start when more bytes arrive.
 */
final class HttpAnswers {

    /** A whole answer: how many bytes it took, its status and body, and whether the server closes after it. */
    record Parsed(int consumed, int status, String body, boolean close) {
        Http.Answer answer() {
            return new Http.Answer(status, body);
        }
    }

    private HttpAnswers() {
    }

    /** @return the answer starting at {@code start}, or null when {@code [start, end)} does not hold all of it yet */
    static Parsed parse(byte[] buffer, int start, int end) throws IOException {
        int headerEnd = headerEnd(buffer, start, end);
        if (headerEnd < 0) {
            return null;
        }
        if (headerEnd - start < 12 || buffer[start] != 'H' || buffer[start + 8] != ' ') {
            throw new IOException("not an HTTP/1.1 answer");
        }
        int status = (buffer[start + 9] - '0') * 100 + (buffer[start + 10] - '0') * 10 + (buffer[start + 11] - '0');
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        int line = indexOf(buffer, start, headerEnd, '\n') + 1;
        while (line < headerEnd - 2) {
            int next = indexOf(buffer, line, headerEnd, '\n') + 1;
            if (headerIs(buffer, line, next, "content-length:")) {
                contentLength = Long.parseLong(value(buffer, line, next));
            } else if (headerIs(buffer, line, next, "transfer-encoding:")) {
                chunked = value(buffer, line, next).equalsIgnoreCase("chunked");
            } else if (headerIs(buffer, line, next, "connection:")) {
                close = value(buffer, line, next).equalsIgnoreCase("close");
            }
            line = next;
        }
        if (chunked) {
            return chunked(buffer, start, headerEnd, end, status, close);
        }
        int length = (int) Math.max(0, contentLength);
        if (end - headerEnd < length) {
            return null;
        }
        return new Parsed(headerEnd + length - start, status,
                new String(buffer, headerEnd, length, StandardCharsets.UTF_8), close);
    }

    private static Parsed chunked(byte[] buffer, int start, int at, int end, int status, boolean close) {
        StringBuilder body = new StringBuilder();
        while (true) {
            int lineEnd = indexOf(buffer, at, end, '\n');
            if (lineEnd < 0) {
                return null;
            }
            String sizeLine = new String(buffer, at, lineEnd - at, StandardCharsets.ISO_8859_1).trim();
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt(semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon), 16);
            at = lineEnd + 1;
            // The chunk, then CRLF; the last (empty) chunk is followed by the blank line (the API sends no trailers).
            if (end - at < size + 2) {
                return null;
            }
            if (size == 0) {
                return new Parsed(at + 2 - start, status, body.toString(), close);
            }
            body.append(new String(buffer, at, size, StandardCharsets.UTF_8));
            at += size + 2;
        }
    }

    private static int headerEnd(byte[] buffer, int start, int end) {
        for (int i = start; i + 3 < end; i++) {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] buffer, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean headerIs(byte[] buffer, int line, int next, String lowerCaseName) {
        if (next - line < lowerCaseName.length()) {
            return false;
        }
        for (int i = 0; i < lowerCaseName.length(); i++) {
            if (Character.toLowerCase(buffer[line + i]) != lowerCaseName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String value(byte[] buffer, int line, int next) {
        int colon = indexOf(buffer, line, next, ':');
        return new String(buffer, colon + 1, next - colon - 1, StandardCharsets.ISO_8859_1).trim();
    }

    /** The bytes of a request; the body, if any, is JSON. */
    static byte[] request(String method, String path, String hostHeader, String token, String jsonBody) {
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
}
