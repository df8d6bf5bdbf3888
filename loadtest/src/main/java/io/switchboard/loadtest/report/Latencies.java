package io.switchboard.loadtest.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/** HdrHistogram in and out: SIPp's {@code -trace_rtt} files in, report percentiles and a percentile chart out. */
public final class Latencies {
    /** The percentiles a report lists; the chart draws them on HdrHistogram's log axis. */
    static final double[] PERCENTILES = {0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100};

    private Latencies() {
    }

    /** A histogram of microseconds up to an hour, 3 significant digits. */
    public static Histogram histogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    /**
     * Adds every response time of the {@code *_rtt.csv} files SIPp wrote into {@code dir}
     * ({@code date_ms;response_time_ms;rtd_no}, one line per call and response-time timer) to
     * {@code h}, in microseconds.
     */
    public static Histogram readSippRtt(Path dir, Histogram h) {
        if (!Files.isDirectory(dir)) {
            return h;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("_rtt.csv")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] parts = line.split(";");
                    if (parts.length >= 2 && !parts[1].isEmpty() && Character.isDigit(parts[1].charAt(0))) {
                        h.recordValue(Math.min(h.getHighestTrackableValue(), Math.round(Double.parseDouble(parts[1]) * 1000)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rtt files in " + dir, e);
        }
        return h;
    }

    /**
     * Puts the distribution into the report: a {@link Report.Latency} row and a series of the
     * percentile chart {@code chartId} (x = log10(100 / (100 - p)), capped at 5 for the maximum).
     */
    public static void add(Report report, String scenario, String name, String chartId, String chartTitle, Histogram micros) {
        Map<String, Double> p = new LinkedHashMap<>();
        if (micros.getTotalCount() > 0) {
            for (double q : PERCENTILES) {
                p.put(label(q), micros.getValueAtPercentile(q) / 1000.0);
            }
        }
        synchronized (report) {
            report.latencies.add(new Report.Latency(scenario, name, micros.getTotalCount(), p));
            if (micros.getTotalCount() > 0) {
                Report.Series s = report.chart(chartId, chartTitle, "ms", Report.Axis.PERCENTILE).series(name);
                for (double q : PERCENTILES) {
                    s.points().add(new double[] {percentileX(q), micros.getValueAtPercentile(q) / 1000.0});
                }
            }
        }
    }

    static String label(double q) {
        if (q == 0) {
            return "min";
        }
        if (q == 100) {
            return "max";
        }
        return "p" + (q == Math.rint(q) ? Long.toString((long) q) : Double.toString(q));
    }

    /** 0 at p0, 1 at p90, 2 at p99, 3 at p99.9 ...; the maximum is drawn at 5. */
    static double percentileX(double q) {
        return q >= 100 ? 5 : Math.min(5, Math.log10(100.0 / (100.0 - q)));
    }
}
