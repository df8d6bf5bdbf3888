package io.switchboard.loadtest.peer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of a process from /proc (same arithmetic as the bench package's ProcStats, which is not public). */
final class Proc {
    /** USER_HZ: fixed at 100 by the kernel ABI on x86 and arm64. */
    private static final long TICKS_PER_SECOND = 100;

    private Proc() {
    }

    /** utime + stime of {@code pid} in microseconds, or 0 when it is gone. */
    static long cpuMicros(long pid) {
        try {
            String stat = String.join("\n", Files.readAllLines(Path.of("/proc", Long.toString(pid), "stat")));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1_000_000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
