package io.switchboard.loadtest.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server role in a JVM of its own, so that its CPU time, RSS and descriptors are its own to
 * measure (a benchmark that shares the server's JVM counts its runner as the server). The child
 * gets this JVM's class path (under {@code exec:java} that is the plugin's class loader, not
 * {@code java.class.path}) and {@code key=value} arguments; its output goes to a log file; it is
 * ready when it prints a line starting with the main's ready marker, and it stops when its standard
 * input closes (then destroy by its own PID), so a benchmark that dies never leaves a server behind.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final String readyLine;
    private final Path log;
    private final Duration stopGrace;

    private ChildJvm(Process process, String readyLine, Path log, Duration stopGrace) {
        this.process = process;
        this.readyLine = readyLine;
        this.log = log;
        this.stopGrace = stopGrace;
    }

    /**
     * Starts {@code main} with {@code keys} as arguments; {@code fdLimit} > 0 lowers its open-file
     * limit (a shell wrapper's {@code ulimit -n}: raising past the hard limit is refused).
     */
    static ChildJvm start(String name, Class<?> main, String readyMarker, Map<String, String> keys, List<String> jvmOptions,
                          int fdLimit, Path log, Duration startTimeout, Duration stopGrace) throws IOException {
        return start(name, List.of(), main, readyMarker, keys, jvmOptions, fdLimit, log, startTimeout, stopGrace);
    }

    /**
     * As above, the command run behind {@code prefix} (e.g. {@code ip netns exec NS}, which execs the
     * JVM itself, so {@link #pid} is still the JVM's).
     */
    public static ChildJvm start(String name, List<String> prefix, Class<?> main, String readyMarker, Map<String, String> keys,
                                 List<String> jvmOptions, int fdLimit, Path log, Duration startTimeout, Duration stopGrace)
            throws IOException {
        List<String> java = new ArrayList<>(prefix);
        java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        java.addAll(jvmOptions);
        java.addAll(List.of("-Dhazelcast.phone.home.enabled=false", "-cp", classPath(), main.getName()));
        keys.forEach((k, v) -> java.add(k + "=" + v));
        List<String> cmd = java;
        if (fdLimit > 0) {
            cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + fdLimit + " && exec \"$@\"", name));
            cmd.addAll(java);
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(p, log, readyMarker, ready), "child-log-" + name);
        pump.setDaemon(true);
        pump.start();
        try {
            return new ChildJvm(p, ready.get(startTimeout.toSeconds(), TimeUnit.SECONDS), log, stopGrace);
        } catch (TimeoutException | ExecutionException e) {
            stop(p, stopGrace);
            throw new IllegalStateException(name + " did not start; see " + log, e);
        } catch (InterruptedException e) {
            stop(p, stopGrace);
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted while starting", e);
        }
    }

    private static void pump(Process p, Path log, String marker, CompletableFuture<String> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                if (line.startsWith(marker)) {
                    ready.complete(line);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("the child closed its output before it was ready"));
    }

    /** A child main's {@code key=value} arguments, in a map it may change. */
    static Map<String, String> arguments(String[] args) {
        Map<String, String> keys = new java.util.HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + a + "'");
            }
            keys.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return keys;
    }

    /** The number after {@code name=} in the ready line. */
    public int readyValue(String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b" + name + "=(\\d+)").matcher(readyLine);
        if (!m.find()) {
            throw new IllegalStateException("ready line has no " + name + ": " + readyLine);
        }
        return Integer.parseInt(m.group(1));
    }

    String readyLine() {
        return readyLine;
    }

    /** This class loader's URLs (exec:java) followed by java.class.path (plain java -cp). */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader cl = ChildJvm.class.getClassLoader(); cl != null; cl = cl.getParent()) {
            if (cl instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        throw new IllegalStateException("class path entry " + url + " is not a file", e);
                    }
                }
            }
        }
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.contains("plexus-classworlds")) {
                entries.add(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        stop(process, stopGrace);
    }

    private static void stop(Process p, Duration grace) {
        try {
            p.getOutputStream().close();
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (IOException e) {
            p.destroyForcibly();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
