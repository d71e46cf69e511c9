package io.seckill.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.locks.LockSupport;

/**
 * The attempt phase's engine: {@link OpenLoop}'s schedule and figures (calls at {@code start + i / rate}, timed from
 * that intended time, at most {@code concurrency} in flight, unsent after the deadline), driven by ONE thread over
 * non-blocking sockets, as wrk does. One virtual thread per connection with blocking reads cost the bench more per
 * request than seckill-api's sold-out answer (a park, a poller wake-up and an unpark each time): with it the bench
 * measured 7,000 sold-out attempts/s where wrk drove the same warm service to 27,000/s. Here a request is a write,
 * a read and a parse on the loop thread.
 *
 * <p>It runs every customer phase (captchas, paths, attempts), so its code is compiled and hot by the time the
 * measured phase starts: when the attempts alone ran on it, the generator was still interpreted in the sale's first
 * second and the late sends showed up as a ~1 s stall at the opening.
 *
 * <p>A connection is opened when a call first needs it and reopened after a failure or a {@code Connection: close};
 * a call fails (its outcome {@code ERROR_<exception>}) on a refused connect, a reset, or no answer within
 * {@link Http#REQUEST_TIMEOUT}. Failed calls are not resent.
 */
final class SocketLoop {

    /** What the loop sends for call {@code i}, and what the answer means. Runs on the loop thread: keep it short. */
    interface Exchange {
        byte[] request(int index);

        String outcome(int index, Http.Answer answer) throws Exception;

        /** An outcome for a call that needs no request (a buyer with nothing to send); null to send it. */
        default String skip(int index) {
            return null;
        }
    }

    private static final long TIMEOUT_NANOS = Http.REQUEST_TIMEOUT.toNanos();
    private static final long TIMEOUT_SCAN_NANOS = 50_000_000;

    private SocketLoop() {
    }

    static OpenLoop.Result run(String name, int count, double ratePerSecond, int concurrency, Duration limit, URI base,
                               Exchange exchange) throws IOException {
        InetSocketAddress address = new InetSocketAddress(base.getHost(), base.getPort() < 0 ? 80 : base.getPort());
        OpenLoop.Tally tally = new OpenLoop.Tally(name, count, limit);
        long begin = tally.begin();
        long deadline = begin + limit.toNanos();
        double intervalNanos = ratePerSecond > 0 ? 1e9 / ratePerSecond : 0;
        try (Selector selector = Selector.open()) {
            Conn[] all = new Conn[Math.max(1, Math.min(concurrency, count))];
            ArrayDeque<Conn> idle = new ArrayDeque<>(all.length);
            for (int c = 0; c < all.length; c++) {
                all[c] = new Conn();
                idle.add(all[c]);
            }
            Loop loop = new Loop(selector, address, exchange, tally, idle);
            int next = 0;
            long lastScan = begin;
            while (true) {
                long now = System.nanoTime();
                boolean dispatching = next < count && now <= deadline;
                while (dispatching && next < count && !idle.isEmpty()) {
                    long intended = intervalNanos > 0 ? begin + (long) (next * intervalNanos) : now;
                    if (intended > deadline) {
                        dispatching = false;
                        break;
                    }
                    if (intended > now) {
                        break;
                    }
                    tally.started();
                    loop.start(idle.poll(), next++, intended);
                }
                if (next >= count) {
                    dispatching = false;
                }
                if (!dispatching && idle.size() == all.length) {
                    break;
                }
                if (now - lastScan > TIMEOUT_SCAN_NANOS) {
                    lastScan = now;
                    for (Conn conn : all) {
                        if (conn.index >= 0 && now - conn.sentAt > TIMEOUT_NANOS) {
                            loop.fail(conn, new SocketTimeoutException("no answer in " + Http.REQUEST_TIMEOUT));
                        }
                    }
                }
                long waitNanos = TIMEOUT_SCAN_NANOS;
                if (dispatching && !idle.isEmpty() && intervalNanos > 0) {
                    waitNanos = Math.min(waitNanos, begin + (long) (next * intervalNanos) - System.nanoTime());
                }
                if (waitNanos < 1_000_000) {
                    // Less than a select's millisecond to the next send: poll, and nap briefly if nothing came.
                    if (selector.selectNow() == 0 && waitNanos > 0) {
                        LockSupport.parkNanos(Math.min(waitNanos, 100_000));
                    }
                } else {
                    selector.select(waitNanos / 1_000_000);
                }
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    loop.ready(key);
                }
            }
            for (Conn conn : all) {
                conn.close();
            }
        }
        return tally.finish();
    }

    /** One connection: its channel (null until needed), the call on it (-1 when idle) and its read buffer. */
    private static final class Conn {
        SocketChannel channel;
        int index = -1;
        long intended;
        long sentAt;
        ByteBuffer out;
        ByteBuffer in = ByteBuffer.allocate(16 * 1024);

        void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing: nothing left to do with it
                }
                channel = null;
            }
            in.clear();
        }
    }

    /** The per-event steps, sharing the loop's selector, exchange and tally. */
    private record Loop(Selector selector, InetSocketAddress address, Exchange exchange, OpenLoop.Tally tally,
                        ArrayDeque<Conn> idle) {

        void start(Conn conn, int index, long intended) {
            String skipped = exchange.skip(index);
            if (skipped != null) {
                tally.record(skipped, intended, System.nanoTime());
                idle.add(conn);
                return;
            }
            conn.index = index;
            conn.intended = intended;
            conn.sentAt = System.nanoTime();
            try {
                conn.out = ByteBuffer.wrap(exchange.request(index));
                if (conn.channel == null) {
                    conn.channel = SocketChannel.open();
                    conn.channel.configureBlocking(false);
                    conn.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    boolean connected = conn.channel.connect(address);
                    conn.channel.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, conn);
                    if (!connected) {
                        return;
                    }
                }
                write(conn);
            } catch (IOException | RuntimeException e) {
                fail(conn, e);
            }
        }

        void ready(SelectionKey key) {
            Conn conn = (Conn) key.attachment();
            if (!key.isValid() || conn.channel == null || key.channel() != conn.channel) {
                return;
            }
            try {
                if (key.isConnectable()) {
                    conn.channel.finishConnect();
                    key.interestOps(SelectionKey.OP_READ);
                    write(conn);
                    return;
                }
                if (key.isWritable()) {
                    write(conn);
                }
                if (key.isReadable()) {
                    read(conn, key);
                }
            } catch (IOException | RuntimeException e) {
                fail(conn, e);
            }
        }

        private void write(Conn conn) throws IOException {
            conn.channel.write(conn.out);
            SelectionKey key = conn.channel.keyFor(selector);
            key.interestOps(conn.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        private void read(Conn conn, SelectionKey key) throws IOException {
            if (!conn.in.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(conn.in.capacity() * 2);
                conn.in.flip();
                conn.in = bigger.put(conn.in);
            }
            int read = conn.channel.read(conn.in);
            if (read < 0) {
                throw new EOFException("the server closed the connection");
            }
            if (conn.index < 0) {
                conn.in.clear(); // bytes with no call waiting: dropped (the API never pushes on these connections)
                return;
            }
            HttpAnswers.Parsed parsed = HttpAnswers.parse(conn.in.array(), 0, conn.in.position());
            if (parsed == null) {
                return;
            }
            int index = conn.index;
            long intended = conn.intended;
            conn.in.flip().position(parsed.consumed());
            conn.in.compact();
            conn.index = -1;
            if (parsed.close()) {
                conn.close();
            }
            String outcome;
            try {
                outcome = exchange.outcome(index, parsed.answer());
            } catch (Exception e) {
                outcome = "ERROR_" + e.getClass().getSimpleName();
            }
            tally.record(outcome, intended, System.nanoTime());
            idle.add(conn);
        }

        void fail(Conn conn, Exception e) {
            int index = conn.index;
            long intended = conn.intended;
            conn.close();
            conn.index = -1;
            if (index >= 0) {
                tally.record("ERROR_" + e.getClass().getSimpleName(), intended, System.nanoTime());
                idle.add(conn);
            }
        }
    }
}
