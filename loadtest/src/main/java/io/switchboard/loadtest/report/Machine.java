package io.switchboard.loadtest.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What a report says about the machine: /proc/cpuinfo, /proc/meminfo, the JVM, and tool versions. */
public final class Machine {

    private Machine() {
    }

    public static Report.Machine describe(Map<String, String> extraVersions) {
        String cpu = "unknown";
        long memMiB = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memMiB = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: leave what we have
        }
        Map<String, String> versions = new LinkedHashMap<>();
        String own = Machine.class.getPackage().getImplementationVersion();
        versions.put("switchboard", own != null ? own : "0.1.0-SNAPSHOT (from the build tree)");
        versions.put("sipp", commandVersion(List.of("sipp", "-v")));
        versions.putAll(extraVersions);
        return new Report.Machine(cpu, Runtime.getRuntime().availableProcessors(), memMiB,
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                        + " (max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB)",
                versions);
    }

    /** The first line of a command's output that mentions a version, bounded to 5 s; "not installed" otherwise. */
    static String commandVersion(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readNBytes(64 * 1024);
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            for (String line : new String(out).split("\n")) {
                if (line.toLowerCase().contains("version") || line.matches(".*\\d+\\.\\d+.*")) {
                    return line.replaceAll("\\e\\[[0-9;]*m", "").trim();
                }
            }
            return "unknown";
        } catch (IOException e) {
            return "not installed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
