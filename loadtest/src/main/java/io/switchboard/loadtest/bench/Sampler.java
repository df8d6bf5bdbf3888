package io.switchboard.loadtest.bench;

import io.switchboard.loadtest.report.Report;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/**
 * Samples once a second, on a daemon thread, what the report draws over time: CPU (% of one core)
 * and RSS of every process taking part (this JVM, each SIPp, each media process, by PID from
 * /proc) and the gauges a scenario registers (active calls, media node sessions).
 */
final class Sampler implements AutoCloseable {
    private final Report report;
    private final long startMillis;
    private final Map<String, Long> pids = new ConcurrentHashMap<>();
    private final Map<String, long[]> last = new ConcurrentHashMap<>();
    private final List<Gauge> gauges = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** A chart fed by {@code values}: one series per map key. */
    private record Gauge(String chartId, String title, String unit, Callable<Map<String, Double>> values) {
    }

    Sampler(Report report, long startMillis) {
        this.report = report;
        this.startMillis = startMillis;
        this.thread = new Thread(this::loop, "loadtest-sampler");
        thread.setDaemon(true);
        pids.put("switchboard+runner (this JVM)", ProcStats.selfPid());
        thread.start();
    }

    /** Starts (or, with a new PID, restarts) sampling process {@code name}. */
    void process(String name, long pid) {
        pids.put(name, pid);
        last.remove(name);
    }

    void forget(String name) {
        pids.remove(name);
        last.remove(name);
    }

    void gauge(String chartId, String title, String unit, Callable<Map<String, Double>> values) {
        gauges.add(new Gauge(chartId, title, unit, values));
    }

    /** Drops every gauge (a scenario's server is gone). */
    void clearGauges() {
        gauges.clear();
    }

    private void loop() {
        while (running) {
            try {
                sample();
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // A process that just ended, a node that did not answer: the next sample will do.
            }
        }
    }

    private void sample() {
        double t = (System.currentTimeMillis() - startMillis) / 1000.0;
        long now = System.nanoTime();
        for (Map.Entry<String, Long> e : new LinkedHashMap<>(pids).entrySet()) {
            long pid = e.getValue();
            long rss = ProcStats.rssKiB(pid);
            if (rss < 0) {
                continue;
            }
            long cpu;
            try {
                cpu = ProcStats.cpuMicros(pid);
            } catch (RuntimeException gone) {
                continue;
            }
            long[] prev = last.put(e.getKey(), new long[] {now, cpu});
            report.point("rss", "RSS per process", "MiB", e.getKey(), t, rss / 1024.0);
            if (prev != null && now > prev[0]) {
                report.point("cpu", "CPU per process", "% of one core", e.getKey(), t,
                        100.0 * (cpu - prev[1]) * 1000 / (now - prev[0]));
            }
        }
        for (Gauge g : gauges) {
            try {
                g.values().call().forEach((series, v) -> report.point(g.chartId(), g.title(), g.unit(), series, t, v));
            } catch (Exception ignored) {
                // the server is stopping
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
