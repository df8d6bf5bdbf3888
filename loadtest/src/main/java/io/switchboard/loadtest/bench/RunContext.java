package io.switchboard.loadtest.bench;

import io.switchboard.loadtest.BenchmarkOptions;
import io.switchboard.loadtest.report.Report;
import io.switchboard.loadtest.report.SippStatSeries;
import io.switchboard.loadtest.report.TerminalSummary;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** What every scenario of one run shares: options, report, terminal, work directory, sampler and the run's deadline. */
final class RunContext {
    final BenchmarkOptions options;
    final Report report;
    final TerminalSummary terminal;
    final Path work;
    final long startMillis = System.currentTimeMillis();
    final Sampler sampler;
    private final long deadlineNanos;

    RunContext(BenchmarkOptions options, Report report, TerminalSummary terminal, Path work, long timeLimitSeconds) {
        this.options = options;
        this.report = report;
        this.terminal = terminal;
        this.work = work;
        this.sampler = new Sampler(report, startMillis);
        this.deadlineNanos = System.nanoTime() + timeLimitSeconds * 1_000_000_000L;
    }

    /** Seconds since the run started. */
    double now() {
        return (System.currentTimeMillis() - startMillis) / 1000.0;
    }

    /** Seconds left before the run's time limit (never below 1). */
    long secondsLeft() {
        return Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000_000L);
    }

    /** Throws once the whole run's time limit has passed: no further step starts. */
    void checkDeadline(String what) throws TimeoutException {
        if (System.nanoTime() > deadlineNanos) {
            throw new TimeoutException("run time limit reached before " + what);
        }
    }

    int[] ints(String option) {
        return Arrays.stream(options.string(option).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
    }

    /** A log file in the work directory for a server's console output (keeps the terminal for the progress bar). */
    PrintStream log(String name) throws IOException {
        OutputStream out = Files.newOutputStream(work.resolve(name));
        return new PrintStream(out, true);
    }

    /** The SIPp statistics of parallel runs into the scenario's rate and failure charts. */
    void sippSeries(String scenario, String what, List<Path> statFiles) {
        SippStatSeries.addTo(report, scenario, what, startMillis / 1000.0, statFiles);
    }
}
