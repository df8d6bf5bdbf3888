package io.switchboard.loadtest.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every line of SIPp's {@code -trace_stat} file (one per {@code -fd} period, plus a final one at
 * exit) as a time series, where {@link io.switchboard.loadtest.SippStatistics} keeps only the last.
 * The periodic (P) counters cover the span from LastResetTime to CurrentTime, so rates come from
 * those two epoch columns; a final line whose span is under 50 ms carries no rate.
 */
public final class SippStatSeries {
    /** Spans shorter than this (SIPp's extra line at exit) yield no per-second rate. */
    private static final double MIN_SPAN_SECONDS = 0.05;

    /** One line: {@code epochSeconds} is CurrentTime, counts are for the period that ended there. */
    public record Row(double epochSeconds, double spanSeconds, long created, long successful, long failed,
                      long retransmissions, long currentCalls, long totalSuccessful, long totalFailed) {
        public boolean hasRate() {
            return spanSeconds >= MIN_SPAN_SECONDS;
        }

        public double createdPerSecond() {
            return created / spanSeconds;
        }

        public double successfulPerSecond() {
            return successful / spanSeconds;
        }

        public double failedPerSecond() {
            return failed / spanSeconds;
        }
    }

    private SippStatSeries() {
    }

    /**
     * Adds the statistics of parallel SIPp runs to the report's charts {@code <scenario>-rate}
     * (attempted and successful per second) and {@code <scenario>-failures} (failed and
     * retransmissions per second), summed per second since {@code startEpochSeconds} (each SIPp
     * writes a line a second, at its own phase).
     */
    public static void addTo(Report report, String scenario, String what, double startEpochSeconds, List<Path> statFiles) {
        Map<Long, double[]> sums = new TreeMap<>();
        for (Path f : statFiles) {
            for (Row r : read(f)) {
                if (!r.hasRate()) {
                    continue;
                }
                double[] s = sums.computeIfAbsent(Math.round(r.epochSeconds() - startEpochSeconds), k -> new double[4]);
                s[0] += r.createdPerSecond();
                s[1] += r.successfulPerSecond();
                s[2] += r.failedPerSecond();
                s[3] += r.retransmissions() / r.spanSeconds();
            }
        }
        String rateTitle = scenario + ": " + what + " rate over time";
        String failTitle = scenario + ": failures over time";
        sums.forEach((t, s) -> {
            report.point(scenario + "-rate", rateTitle, what + "/s", "attempted", t, s[0]);
            report.point(scenario + "-rate", rateTitle, what + "/s", "successful", t, s[1]);
            report.point(scenario + "-failures", failTitle, "per second", "failed " + what, t, s[2]);
            report.point(scenario + "-failures", failTitle, "per second", "retransmissions", t, s[3]);
        });
    }

    /** The rows of {@code file}; empty when it is missing or holds only its header. */
    public static List<Row> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return parse(Files.readAllLines(file, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static List<Row> parse(List<String> lines) {
        List<String> data = lines.stream().filter(l -> !l.isBlank()).toList();
        List<Row> rows = new ArrayList<>();
        if (data.size() < 2) {
            return rows;
        }
        List<String> header = Arrays.asList(data.get(0).split(";", -1));
        for (String line : data.subList(1, data.size())) {
            String[] v = line.split(";", -1);
            if (v.length < header.size() - 1) {
                continue; // a line SIPp was still writing when we read it
            }
            double now = epoch(v, header, "CurrentTime");
            double reset = epoch(v, header, "LastResetTime");
            rows.add(new Row(now, now - reset, count(v, header, "OutgoingCall(P)") + count(v, header, "IncomingCall(P)"),
                    count(v, header, "SuccessfulCall(P)"), count(v, header, "FailedCall(P)"),
                    count(v, header, "Retransmissions(P)"), count(v, header, "CurrentCall"),
                    count(v, header, "SuccessfulCall(C)"), count(v, header, "FailedCall(C)")));
        }
        return rows;
    }

    private static String value(String[] v, List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0 || i >= v.length) {
            throw new IllegalArgumentException("SIPp statistics have no column " + name);
        }
        return v[i].trim();
    }

    private static long count(String[] v, List<String> header, String name) {
        return Long.parseLong(value(v, header, name));
    }

    /** "2026-11-25\t16:04:22.996185\t1795622662.996185": the last tab-separated part is epoch seconds. */
    private static double epoch(String[] v, List<String> header, String name) {
        String s = value(v, header, name);
        return Double.parseDouble(s.substring(s.lastIndexOf('\t') + 1));
    }
}
