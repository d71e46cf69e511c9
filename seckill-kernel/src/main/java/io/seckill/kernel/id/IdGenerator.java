package io.seckill.kernel.id;

import java.time.Clock;
import java.time.Instant;

/**
 * 64-bit time-ordered ids (the Snowflake layout): 1 sign bit, 41 bits of milliseconds since {@link #EPOCH},
 * 10 bits of node, 12 bits of sequence. 4,096 ids per millisecond per node, ordered by time, unique across nodes
 * as long as every running instance has its own node number ({@code seckill.id.node}).
 *
 * <p>The clock never runs backwards here: when the wall clock steps back (NTP) or a millisecond's sequence is
 * used up, the generator keeps counting on its own last timestamp instead of failing or waiting, so ids stay
 * unique and increasing; they run at most a few milliseconds ahead of the wall clock until it catches up.
 */
public final class IdGenerator {

    /** 2026-01-01T00:00:00Z: 41 bits of milliseconds last until 2095. */
    public static final long EPOCH = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    public static final int NODE_BITS = 10;
    public static final int SEQUENCE_BITS = 12;
    public static final int MAX_NODE = (1 << NODE_BITS) - 1;
    private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;

    private final Clock clock;
    private final long nodeBits;
    private long lastMillis = -1;
    private long sequence;

    public IdGenerator(int node, Clock clock) {
        if (node < 0 || node > MAX_NODE) {
            throw new IllegalArgumentException("id node must be within 0.." + MAX_NODE + ", was " + node);
        }
        this.clock = clock;
        this.nodeBits = (long) node << SEQUENCE_BITS;
    }

    public IdGenerator(int node) {
        this(node, Clock.systemUTC());
    }

    // synchronized rather than a CAS loop: uncontended monitors are cheap, and the code stays obviously correct.
    public synchronized long nextId() {
        long now = clock.millis() - EPOCH;
        if (now > lastMillis) {
            lastMillis = now;
            sequence = 0;
        } else if (++sequence > SEQUENCE_MASK) {
            lastMillis++;
            sequence = 0;
        }
        return (lastMillis << (NODE_BITS + SEQUENCE_BITS)) | nodeBits | sequence;
    }

    public static Instant timestampOf(long id) {
        return Instant.ofEpochMilli((id >>> (NODE_BITS + SEQUENCE_BITS)) + EPOCH);
    }

    public static int nodeOf(long id) {
        return (int) ((id >>> SEQUENCE_BITS) & MAX_NODE);
    }
}
