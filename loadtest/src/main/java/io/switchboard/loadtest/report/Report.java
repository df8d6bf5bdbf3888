package io.switchboard.loadtest.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code loadtest} run measured, as written to {@code report.json} and drawn by
 * {@link HtmlReport}: figures with units, time series grouped into charts, latency percentiles,
 * comparison rows against a peer, the run's parameters and the machine it ran on. Mutable while a
 * run fills it; the records inside are plain values.
 */
public final class Report {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One measured value; {@code scenario} is register, calls, concurrent or media. */
    public record Figure(String scenario, String name, double value, String unit, String description) {
    }

    /** A line of a chart: {@code points} are [x, y] (x in seconds since the run started, or a percentile axis). */
    public record Series(String name, List<double[]> points) {
    }

    /** How a chart's x axis is drawn: seconds since the start, or HdrHistogram's percentile axis. */
    public enum Axis { TIME, PERCENTILE }

    /** A chart with one or more lines sharing one y unit. */
    public record Chart(String id, String title, String yUnit, Axis axis, List<Series> series) {
        /** The series called {@code name}, created empty at the end of the list if missing. */
        public Series series(String name) {
            for (Series s : series) {
                if (s.name().equals(name)) {
                    return s;
                }
            }
            Series s = new Series(name, new ArrayList<>());
            series.add(s);
            return s;
        }
    }

    /** Percentiles of one latency distribution, in milliseconds, keyed "p50", "p90", ..., "max". */
    public record Latency(String scenario, String name, long count, Map<String, Double> percentilesMs) {
    }

    /** A figure beside the same figure from a peer (Kamailio, rtpengine); {@code ratio} is switchboard / peer. */
    public record Comparison(String scenario, String figure, String unit, Double switchboard, String peer,
                             String peerVersion, Double peerValue, Double ratio) {
    }

    /** The machine and software a run measured. */
    public record Machine(String cpuModel, int cores, long memoryMiB, String os, String jvm, Map<String, String> versions) {
    }

    public String tool = "switchboard loadtest";
    public String startedAt;
    public String finishedAt;
    public List<String> scenarios = new ArrayList<>();
    public Map<String, Object> parameters = new LinkedHashMap<>();
    public Machine machine;
    public List<Figure> figures = new ArrayList<>();
    public List<Chart> charts = new ArrayList<>();
    public List<Latency> latencies = new ArrayList<>();
    public List<Comparison> comparisons = new ArrayList<>();
    public List<String> notes = new ArrayList<>();

    public synchronized Figure figure(String scenario, String name, double value, String unit, String description) {
        Figure f = new Figure(scenario, name, value, unit, description);
        figures.removeIf(old -> old.scenario().equals(scenario) && old.name().equals(name));
        figures.add(f);
        return f;
    }

    /** The value of a figure, or null. */
    public synchronized Double value(String scenario, String name) {
        return figures.stream().filter(f -> f.scenario().equals(scenario) && f.name().equals(name))
                .map(Figure::value).findFirst().orElse(null);
    }

    /** The chart {@code id}, created (with this title, unit and axis) if missing. */
    public synchronized Chart chart(String id, String title, String yUnit, Axis axis) {
        for (Chart c : charts) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        Chart c = new Chart(id, title, yUnit, axis, new ArrayList<>());
        charts.add(c);
        return c;
    }

    /** Adds a point to a time chart's series. */
    public synchronized void point(String chartId, String title, String yUnit, String series, double x, double y) {
        chart(chartId, title, yUnit, Axis.TIME).series(series).points().add(new double[] {x, y});
    }

    public synchronized void note(String text) {
        notes.add(text);
    }

    public synchronized String toJson() throws IOException {
        return JSON.writeValueAsString(this);
    }

    public static Report fromJson(String json) throws IOException {
        return JSON.readValue(json, Report.class);
    }

    /** Writes {@code report.json} and {@code report.html} into {@code dir} (created if missing). */
    public synchronized void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.json"), toJson());
        Files.writeString(dir.resolve("report.html"), HtmlReport.render(this));
    }
}
