package io.switchboard.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How a SIPp run ended. SIPp's exit code: 0 every call succeeded, 1 at least one failed,
 * 97 stopped by an internal command, 99 ended without processing a call, 255/254 fatal error
 * (scenario or socket). {@code timedOut} means we destroyed it at the wall-clock limit.
 */
public record SippResult(int exitCode, boolean timedOut, SippStatistics stats, Path workDir, List<String> command) {

    private static final int EXCERPT_CHARS = 2000;

    public long successful() {
        return stats.successful();
    }

    public long failed() {
        return stats.failed();
    }

    public boolean allSucceeded() {
        return exitCode == 0 && !timedOut;
    }

    /** The unexpected messages SIPp logged (-trace_err), or "" when there were none. */
    public String errors() {
        return excerpt(workDir.resolve("errors.log"));
    }

    /** What to print when a run did not go as expected: command, outcome, and the start of every log. */
    public String describe() {
        return "sipp " + (timedOut ? "timed out" : "exit " + exitCode) + ", " + stats + "\n  command: "
                + String.join(" ", command) + "\n  errors.log: " + errors()
                + "\n  sipp.out: " + excerpt(workDir.resolve("sipp.out"));
    }

    private static String excerpt(Path file) {
        if (!Files.exists(file)) {
            return "";
        }
        try {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            return text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS) + "...";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
