package io.seckill.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.AbstractHistogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/** The PNG charts of a report (xchart, rendered headless). */
final class Charts {

    static final String THROUGHPUT = "throughput.png";
    static final String LATENCY = "latency-percentiles.png";
    static final String RESERVATION_TO_ORDER = "reservation-to-order.png";
    private static final double[] PERCENTILES = {50, 75, 90, 95, 99, 99.9, 99.99};

    private Charts() {
    }

    static List<String> write(Path dir, OpenLoop.Result attempts, long[] ordersPerSecond, AbstractHistogram rtoMicros) {
        System.setProperty("java.awt.headless", "true");
        XYChart throughput = new XYChartBuilder().width(900).height(450).title("Throughput over time")
                .xAxisTitle("second of the attempt phase").yAxisTitle("per second").build();
        throughput.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        throughput.getStyler().setMarkerSize(4);
        series(throughput, "attempts answered", attempts.sentPerSecond());
        series(throughput, "accepted", attempts.acceptedPerSecond());
        series(throughput, "errors", attempts.errorsPerSecond());
        if (ordersPerSecond.length > 0) {
            series(throughput, "orders created", ordersPerSecond);
        }
        save(throughput, dir.resolve(THROUGHPUT));
        save(percentiles("Attempt latency (from the intended send time)", attempts.latencyMicros()), dir.resolve(LATENCY));
        save(percentiles("Reservation → order latency", rtoMicros), dir.resolve(RESERVATION_TO_ORDER));
        return List.of(THROUGHPUT, LATENCY, RESERVATION_TO_ORDER);
    }

    private static void series(XYChart chart, String name, long[] values) {
        double[] x = new double[values.length];
        double[] y = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            x[i] = i;
            y[i] = values[i];
        }
        chart.addSeries(name, x, y).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }

    private static CategoryChart percentiles(String title, AbstractHistogram micros) {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(450).title(title)
                .xAxisTitle("percentile").yAxisTitle("ms").build();
        chart.getStyler().setLegendVisible(false);
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (double p : PERCENTILES) {
            names.add("p" + (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)));
            values.add(micros.getTotalCount() == 0 ? 0 : micros.getValueAtPercentile(p) / 1000.0);
        }
        names.add("max");
        values.add(micros.getTotalCount() == 0 ? 0 : micros.getMaxValue() / 1000.0);
        chart.addSeries(title, names, values);
        return chart;
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) {
        try {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
