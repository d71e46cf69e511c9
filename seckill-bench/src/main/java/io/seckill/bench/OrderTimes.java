package io.seckill.bench;

import io.seckill.kernel.id.IdGenerator;
import org.HdrHistogram.Histogram;

/**
 * Order figures from the orders themselves: reservation→order latency ({@code created_at} minus the time in the
 * reservation id, both from the same machine's clock), orders per second over the span from the first reservation
 * to the last order, and the orders created in each second of the attempt phase (for the throughput chart).
 */
record OrderTimes(Histogram reservationToOrderMicros, double perSecond, long[] perSecondSeries) {

    static OrderTimes of(Facts facts, long phaseBeganMillis) {
        Histogram rto = new Histogram(OpenLoop.MAX_LATENCY_MS * 10 * 1000, 3);
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int seconds = 0;
        for (Facts.Order order : facts.orders()) {
            long reserved = IdGenerator.timestampOf(order.reservationId()).toEpochMilli();
            rto.recordValue(Math.min(rto.getHighestTrackableValue(), Math.max(0, order.createdAtMillis() - reserved) * 1000));
            first = Math.min(first, reserved);
            last = Math.max(last, order.createdAtMillis());
            seconds = (int) Math.max(seconds, (order.createdAtMillis() - phaseBeganMillis) / 1000 + 1);
        }
        long[] series = new long[Math.max(0, Math.min(seconds, 3600))];
        for (Facts.Order order : facts.orders()) {
            int s = (int) ((order.createdAtMillis() - phaseBeganMillis) / 1000);
            if (s >= 0 && s < series.length) {
                series[s]++;
            }
        }
        double span = facts.orders().isEmpty() ? 0 : Math.max(1, last - first) / 1000.0;
        return new OrderTimes(rto, span == 0 ? 0 : facts.orders().size() / span, series);
    }
}
