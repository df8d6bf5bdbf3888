package io.switchboard.loadtest.bench;

import io.switchboard.loadtest.Sipp;
import io.switchboard.loadtest.SippResult;
import io.switchboard.loadtest.SippStatistics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * A SIPp run of one of the benchmark scenarios in {@code src/main/resources/sipp/bench/}. Like
 * {@link Sipp} (whose scenario list is an enum this package must not extend): UDP on one socket,
 * 127.0.0.1 only, bounded by {@code -m} and by a wall-clock timeout after which the process is
 * destroyed by its own handle. Adds what load needs: a larger socket buffer, SIPp's own default
 * behaviours (an aborted call sends BYE, so the B2BUA is not left holding it) and the per-call
 * response times of timer 1 ({@code -trace_rtt}).
 */
final class BenchSipp {
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final String scenario;
    private final int remotePort;
    private final Path workDir;
    private final List<String> extra = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(60);
    /** Where the server listens and SIPp binds: loopback, or a lab bridge's address (an address of this machine). */
    private String address = Sipp.LOOPBACK;
    /** The scenario's XML when it is not a class-path resource (null: read sipp/bench/ + scenario). */
    private String inlineXml;
    /** SIPp's -t: u1 (UDP, one socket) or t1 (TCP, one connection). */
    private String transportMode = "u1";

    private String remote;

    private BenchSipp(String scenario, int remotePort, Path workDir) {
        this.scenario = scenario;
        this.remotePort = remotePort;
        this.workDir = workDir;
    }

    /** {@code scenario} is a file name under {@code sipp/bench/} on the class path. */
    static BenchSipp of(String scenario, int remotePort, Path workDir) {
        return new BenchSipp(scenario, remotePort, workDir);
    }

    /** A run of a scenario given as XML text, written to {@code fileName} in the work directory. */
    static BenchSipp inline(String fileName, String xml, int remotePort, Path workDir) {
        BenchSipp b = new BenchSipp(fileName, remotePort, workDir);
        b.inlineXml = xml;
        return b;
    }

    /** Runs against and binds on {@code address}: a lab bridge's address that servers in namespaces reach. */
    BenchSipp address(String address) {
        this.address = address;
        return this;
    }

    /** Sends to {@code remote} (a loopback address, like the one it binds) instead of its own address. */
    BenchSipp remote(String remote) {
        if (!remote.startsWith("127.") || !address.startsWith("127.")) {
            throw new IllegalArgumentException("remote " + remote + " from " + address + ": only loopback to loopback");
        }
        this.remote = remote;
        return this;
    }

    /** SIPp's transport: {@code u1} (UDP, the default) or {@code t1} (one TCP connection). */
    BenchSipp transport(String mode) {
        if (!mode.equals("u1") && !mode.equals("t1")) {
            throw new IllegalArgumentException("SIPp transport u1 or t1, got " + mode);
        }
        this.transportMode = mode;
        return this;
    }

    /** More SIPp arguments, e.g. {@code "-r", "100"}. */
    BenchSipp args(String... args) {
        extra.addAll(List.of(args));
        return this;
    }

    /** Wall-clock bound of the run (SIPp's -timeout, and our destroy a little later). */
    BenchSipp timeout(Duration d) {
        this.timeout = d;
        return this;
    }

    Running start() {
        try {
            Files.createDirectories(workDir);
            Path file = workDir.resolve(scenario);
            if (inlineXml != null) {
                Files.writeString(file, inlineXml, java.nio.charset.StandardCharsets.ISO_8859_1);
            } else {
                try (InputStream in = BenchSipp.class.getResourceAsStream("/sipp/bench/" + scenario)) {
                    if (in == null) {
                        throw new IllegalStateException("scenario sipp/bench/" + scenario + " is not on the class path");
                    }
                    Files.copy(in, file);
                }
            }
            List<String> cmd = new ArrayList<>(List.of("sipp", (remote == null ? address : remote) + ":" + remotePort, "-sf", file.toString(),
                    "-i", address, "-bind_local", "-t", transportMode, "-nostdin",
                    "-timeout", Long.toString(Math.max(1, timeout.toSeconds())), "-timeout_error",
                    "-buff_size", "4194304",
                    "-trace_stat", "-stf", workDir.resolve("stat.csv").toString(), "-fd", "1",
                    "-trace_rtt", "-rtt_freq", "1",
                    "-trace_screen", "-screen_file", workDir.resolve("screen.log").toString(),
                    "-trace_err", "-error_file", workDir.resolve("errors.log").toString()));
            cmd.addAll(extra);
            Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("sipp.out").toFile()).start();
            return new Running(p, cmd, workDir, System.nanoTime() + timeout.plus(GRACE).toNanos());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start sipp in " + workDir, e);
        }
    }

    /** A started run. */
    static final class Running {
        private final Process process;
        private final List<String> command;
        private final Path workDir;
        private final long deadlineNanos;

        private Running(Process process, List<String> command, Path workDir, long deadlineNanos) {
            this.process = process;
            this.command = command;
            this.workDir = workDir;
            this.deadlineNanos = deadlineNanos;
        }

        Path workDir() {
            return workDir;
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
            return new SippResult(exit, timedOut, stats(), workDir, command);
        }

        /** The statistics SIPp has written so far (it appends a line every second). */
        SippStatistics stats() {
            return SippStatistics.read(workDir.resolve("stat.csv"));
        }

        /** SIGTERM, then SIGKILL; this process only. */
        void destroy() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }

        /**
         * Timer 1's per-call values from the {@code -trace_rtt} file ({@code date_ms;response_time_ms;rtd_no}),
         * in microseconds; empty when SIPp wrote none.
         */
        Histogram setupTimes() throws IOException {
            Histogram h = new Histogram(3_600_000_000L, 3);
            try (Stream<Path> files = Files.list(workDir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith("_rtt.csv")).toList()) {
                    for (String line : Files.readAllLines(f)) {
                        String[] parts = line.split(";");
                        if (parts.length >= 2 && !parts[1].isEmpty() && Character.isDigit(parts[1].charAt(0))) {
                            h.recordValue(Math.round(Double.parseDouble(parts[1]) * 1000));
                        }
                    }
                }
            }
            return h;
        }
    }
}
