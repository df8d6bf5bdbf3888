package io.switchboard.loadtest.peer;

import io.switchboard.loadtest.Sipp;
import io.switchboard.loadtest.SippResult;
import io.switchboard.loadtest.SippStatistics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A SIPp run of a scenario under {@code src/main/resources/sipp/peer/}, like the bench package's
 * BenchSipp (not public): UDP on one socket, 127.0.0.1 only, bounded by {@code -m} and by a
 * wall-clock timeout after which the process is destroyed by its own handle; statistics every
 * second ({@code -trace_stat -fd 1}).
 */
final class PeerSipp {
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final Process process;
    private final List<String> command;
    private final Path workDir;
    private final long deadlineNanos;

    private PeerSipp(Process process, List<String> command, Path workDir, long deadlineNanos) {
        this.process = process;
        this.command = command;
        this.workDir = workDir;
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * Starts {@code sipp [remote] -sf scenario ...}; {@code remotePort} 0 runs it as a server
     * (no remote host). {@code args} are further SIPp arguments.
     */
    static PeerSipp start(String scenario, int remotePort, Path workDir, Duration timeout, String... args) {
        try {
            Files.createDirectories(workDir);
            Path file = workDir.resolve(scenario);
            try (InputStream in = PeerSipp.class.getResourceAsStream("/sipp/peer/" + scenario)) {
                if (in == null) {
                    throw new IllegalStateException("scenario sipp/peer/" + scenario + " is not on the class path");
                }
                Files.copy(in, file);
            }
            List<String> cmd = new ArrayList<>(List.of("sipp"));
            if (remotePort > 0) {
                cmd.add(Sipp.LOOPBACK + ":" + remotePort);
            }
            cmd.addAll(List.of("-sf", file.toString(), "-i", Sipp.LOOPBACK, "-bind_local", "-t", "u1", "-nostdin",
                    "-timeout", Long.toString(Math.max(1, timeout.toSeconds())), "-timeout_error",
                    "-buff_size", "4194304",
                    "-trace_stat", "-stf", workDir.resolve("stat.csv").toString(), "-fd", "1",
                    "-trace_screen", "-screen_file", workDir.resolve("screen.log").toString(),
                    "-trace_err", "-error_file", workDir.resolve("errors.log").toString()));
            cmd.addAll(Arrays.asList(args));
            Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("sipp.out").toFile()).start();
            return new PeerSipp(p, cmd, workDir, System.nanoTime() + timeout.plus(GRACE).toNanos());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start sipp in " + workDir, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits for the end, destroying the process (by its handle) once past the deadline. */
    SippResult await() throws InterruptedException {
        boolean timedOut = false;
        if (!process.waitFor(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            timedOut = true;
            destroy();
        }
        int exit = process.isAlive() ? -1 : process.exitValue();
        return new SippResult(exit, timedOut, SippStatistics.read(workDir.resolve("stat.csv")), workDir, command);
    }

    /** SIGTERM, then SIGKILL; this process only. */
    void destroy() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Adds the per-period successful and failed calls of a {@code -trace_stat} file into
     * {@code rate} and {@code failures}, keyed by whole seconds since {@code originMillis} (epoch),
     * so that several SIPp processes running at once sum up.
     */
    static void addSeries(Path statFile, long originMillis, Map<Long, Double> rate, Map<Long, Double> failures) {
        if (!Files.exists(statFile)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(statFile, StandardCharsets.ISO_8859_1).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            return;
        }
        if (lines.size() < 2) {
            return;
        }
        List<String> header = Arrays.asList(lines.get(0).split(";", -1));
        int now = header.indexOf("CurrentTime");
        int ok = header.indexOf("SuccessfulCall(P)");
        int failed = header.indexOf("FailedCall(P)");
        if (now < 0 || ok < 0 || failed < 0) {
            return;
        }
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(";", -1);
            if (v.length <= Math.max(now, Math.max(ok, failed))) {
                continue;
            }
            try {
                String t = v[now].substring(v[now].lastIndexOf('\t') + 1).trim();
                long second = Math.max(0, Math.round(Double.parseDouble(t) * 1000 - originMillis) / 1000);
                rate.merge(second, Double.parseDouble(v[ok].trim()), Double::sum);
                failures.merge(second, Double.parseDouble(v[failed].trim()), Double::sum);
            } catch (RuntimeException e) {
                // A torn last line of a killed SIPp: skip it.
            }
        }
    }

    /** A series map as PeerResult wants it: [seconds, value] points in time order. */
    static List<double[]> points(Map<Long, Double> series) {
        List<double[]> out = new ArrayList<>();
        new TreeMap<>(series).forEach((t, v) -> out.add(new double[] {t, v}));
        return out;
    }

    /**
     * A percentile of timer 1's per-call values (ms) in the {@code -trace_rtt} files of a run's work
     * directory ({@code date_ms;response_time_ms;rtd_no}), the way Switchboard's own caller is read;
     * NaN when there are none.
     */
    static double rttPercentile(Path workDir, double percentile) throws IOException {
        org.HdrHistogram.Histogram h = new org.HdrHistogram.Histogram(3_600_000_000L, 3);
        try (java.util.stream.Stream<Path> files = Files.list(workDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("_rtt.csv")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] parts = line.split(";");
                    if (parts.length >= 2 && !parts[1].isEmpty() && Character.isDigit(parts[1].charAt(0))) {
                        h.recordValue(Math.round(Double.parseDouble(parts[1]) * 1000));
                    }
                }
            }
        }
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
