package io.seckill.kernel.id;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdGeneratorTest {

    @Test
    void idsAreUniqueAndIncreasingAcrossThreads() throws InterruptedException {
        IdGenerator ids = new IdGenerator(7);
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        int threads = 8;
        int perThread = 50_000;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().start(() -> {
                long previous = 0;
                for (int i = 0; i < perThread; i++) {
                    long id = ids.nextId();
                    assertThat(id).isGreaterThan(previous);
                    previous = id;
                    seen.add(id);
                }
                done.countDown();
            });
        }
        done.await();
        assertThat(seen).hasSize(threads * perThread);
    }

    @Test
    void idCarriesItsTimeAndNode() {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        IdGenerator ids = new IdGenerator(1023, Clock.fixed(now, ZoneOffset.UTC));
        long id = ids.nextId();
        assertThat(id).isPositive();
        assertThat(IdGenerator.timestampOf(id)).isEqualTo(now);
        assertThat(IdGenerator.nodeOf(id)).isEqualTo(1023);
    }

    @Test
    void aClockSteppingBackwardsNeverRepeatsAnId() {
        AtomicLong millis = new AtomicLong(Instant.parse("2026-11-25T10:00:00Z").toEpochMilli());
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis.get());
            }
        };
        IdGenerator ids = new IdGenerator(1, clock);
        long before = ids.nextId();
        millis.addAndGet(-5_000);
        long after = ids.nextId();
        assertThat(after).isGreaterThan(before);
    }

    @Test
    void moreThan4096IdsInOneMillisecondBorrowTheNextMillisecond() {
        IdGenerator ids = new IdGenerator(2, Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));
        long previous = 0;
        for (int i = 0; i < 10_000; i++) {
            long id = ids.nextId();
            assertThat(id).isGreaterThan(previous);
            previous = id;
        }
    }

    @Test
    void nodeOutsideTenBitsIsRefused() {
        assertThatThrownBy(() -> new IdGenerator(1024)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdGenerator(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
