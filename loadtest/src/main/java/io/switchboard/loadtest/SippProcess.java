package io.switchboard.loadtest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A started SIPp run. Waiting on it enforces the run's wall-clock timeout. */
public final class SippProcess {
    /** SIPp's own -timeout fires first and still writes statistics; this margin is only for a hung SIPp. */
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(5);

    private final Sipp run;
    private final Process process;
    private final List<String> command;
    private final long deadlineNanos;

    SippProcess(Sipp run, Process process, List<String> command) {
        this.run = run;
        this.process = process;
        this.command = List.copyOf(command);
        // Measured from the start, so awaiting several parallel runs one after another bounds them all alike.
        this.deadlineNanos = System.nanoTime() + run.timeout().plus(GRACE).toNanos();
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for SIPp to end, destroying this process (by its PID) once the run's timeout has passed. */
    public SippResult await() {
        boolean timedOut = false;
        try {
            long left = Math.max(0, deadlineNanos - System.nanoTime());
            if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
                timedOut = true;
                destroy();
            }
        } catch (InterruptedException e) {
            destroy();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for sipp pid " + pid(), e);
        }
        int exit = process.isAlive() ? -1 : process.exitValue();
        return new SippResult(exit, timedOut, SippStatistics.read(run.statFile()), run.workDir(), command);
    }

    /** SIGTERM, then SIGKILL if it is still there after a few seconds; only this process, by its handle. */
    public void destroy() {
        process.destroy();
        try {
            if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
