package io.switchboard.loadtest.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What Linux's {@code /proc} says about a process: CPU time (utime + stime of {@code stat}), resident
 * memory ({@code VmRSS}), open descriptors and the descriptor limit. CPU comes in clock ticks
 * ({@code USER_HZ}, 100 on every mainstream kernel), so a 10 s window measures it to 0.1%.
 */
final class ProcStats {
    /** USER_HZ: fixed at 100 by the kernel ABI on x86 and arm64, whatever CONFIG_HZ is. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcStats() {
    }

    /** User plus system CPU time of the whole process (every thread), in microseconds. */
    static long cpuMicros(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) may hold spaces; the fields after its ')' are fixed: utime is 14, stime 15.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks * 1_000_000 / TICKS_PER_SECOND;
    }

    /**
     * User and system CPU per thread group of {@code pid}, in microseconds: threads named alike but for
     * their numbers ({@code sip-io-1-2}, {@code sip-io-1-3}) are summed under one name ({@code sip-io-N-N}),
     * so a profile shows where the process's time goes, kernel time included, which a Java sampler misses.
     */
    static java.util.Map<String, long[]> threadCpuMicros(long pid) {
        java.util.Map<String, long[]> out = new java.util.TreeMap<>();
        String[] tasks = Path.of("/proc", Long.toString(pid), "task").toFile().list();
        if (tasks == null) {
            return out;
        }
        for (String task : tasks) {
            String stat;
            try {
                stat = String.join("\n", Files.readAllLines(Path.of("/proc", Long.toString(pid), "task", task, "stat")));
            } catch (IOException e) {
                continue; // the thread ended meanwhile
            }
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "N");
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long[] userSystem = out.computeIfAbsent(name, k -> new long[2]);
            userSystem[0] += Long.parseLong(f[11]) * 1_000_000 / TICKS_PER_SECOND;
            userSystem[1] += Long.parseLong(f[12]) * 1_000_000 / TICKS_PER_SECOND;
        }
        return out;
    }

    /** Resident set size in KiB ({@code VmRSS} of {@code /proc/<pid>/status}), or -1 when the process is gone. */
    static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Descriptors the process holds now. */
    static int openFds(long pid) {
        String[] fds = Path.of("/proc", Long.toString(pid), "fd").toFile().list();
        return fds == null ? -1 : fds.length;
    }

    /** The soft limit on open files of {@code pid} ({@code Max open files} of {@code /proc/<pid>/limits}). */
    static long fdLimit(long pid) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"));
            for (String line : lines) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return "unlimited".equals(soft) ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The kernel's ephemeral port range ({@code net.ipv4.ip_local_port_range}) as {min, max}. */
    static int[] ephemeralPorts() {
        String[] p = read(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
    }

    /**
     * CPU time the whole machine spent busy, all cores, in microseconds: every field of /proc/stat's
     * {@code cpu} line but idle and iowait, so interrupt and softirq time (loopback UDP is delivered
     * there, charged to no process) counts too.
     */
    static long machineBusyMicros() {
        for (String line : read(Path.of("/proc/stat")).split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                long busy = 0;
                // user nice system idle iowait irq softirq steal (guest time is inside user already)
                for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
                    if (i != 4 && i != 5) {
                        busy += Long.parseLong(f[i]);
                    }
                }
                return busy * 1_000_000 / TICKS_PER_SECOND;
            }
        }
        throw new IllegalStateException("/proc/stat has no cpu line");
    }

    static long selfPid() {
        return ProcessHandle.current().pid();
    }

    private static String read(Path p) {
        try {
            // readAllLines, not readString: procfs files report size 0 and some read short through readString.
            return String.join("\n", Files.readAllLines(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
