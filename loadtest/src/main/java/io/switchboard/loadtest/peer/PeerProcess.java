package io.switchboard.loadtest.peer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A peer server (Kamailio, rtpengine) started in the foreground as our child, its output in a log
 * file of its run directory. Stopped only through its own handle: SIGTERM to its PID, then after a
 * grace SIGKILL to it and to whatever children it left (Kamailio forks its workers).
 */
final class PeerProcess implements AutoCloseable {
    static final Duration GRACE = Duration.ofSeconds(5);

    private final String name;
    private final Process process;
    private final Path log;
    private final List<String> command;

    private PeerProcess(String name, Process process, Path log, List<String> command) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.command = command;
    }

    static PeerProcess start(String name, List<String> command, Path runDir) throws IOException {
        Files.createDirectories(runDir);
        Path log = runDir.resolve(name + ".log");
        Process p = new ProcessBuilder(command).directory(runDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new PeerProcess(name, p, log, List.copyOf(command));
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** Polls {@code ready} every 100 ms until it holds, the process dies, or {@code within} passes. */
    void awaitReady(BooleanSupplier ready, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " at start; "
                        + String.join(" ", command) + "\n" + tail());
            }
            if (ready.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException(name + " did not answer within " + within.toSeconds() + " s; "
                + String.join(" ", command) + "\n" + tail());
    }

    /** User + system CPU of the process and all its live descendants (Kamailio's workers), microseconds. */
    long treeCpuMicros() {
        long total = Proc.cpuMicros(process.pid());
        for (ProcessHandle h : process.descendants().toList()) {
            total += Proc.cpuMicros(h.pid());
        }
        return total;
    }

    /** The end of the log, for error messages. */
    String tail() {
        try {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            return text.length() <= 2000 ? text : "..." + text.substring(text.length() - 2000);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Exit code after {@link #close()}, or -1 if it had to be killed or is still running. */
    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** SIGTERM; after {@link #GRACE}, SIGKILL to it and to the children it left. Returns whether SIGTERM was enough. */
    boolean stop() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        boolean clean = process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        if (!clean) {
            process.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                try {
                    child.onExit().get(clean ? GRACE.toMillis() : 1, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    child.destroyForcibly();
                    clean = false;
                }
            }
        }
        return clean;
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
