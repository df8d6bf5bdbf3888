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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A media server in a JVM of its own ({@link MediaNodeMain}), so that its CPU time, RSS and
 * descriptors are its own to measure. The child gets this JVM's class path (under
 * {@code exec:java} that is the plugin's class loader, not {@code java.class.path}), its output goes
 * to a log file, and it is stopped through its own handle: stdin closed, then destroy by PID.
 */
final class MediaProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int ngPort;
    private final int httpPort;
    private final Path log;

    private MediaProcess(Process process, int ngPort, int httpPort, Path log) {
        this.process = process;
        this.ngPort = ngPort;
        this.httpPort = httpPort;
        this.log = log;
    }

    /**
     * Starts a node with {@code keys} as configuration overrides; {@code fdLimit} > 0 lowers its
     * open-file limit (a shell wrapper's {@code ulimit -n}: raising past the hard limit is refused).
     */
    static MediaProcess start(String name, Map<String, String> keys, List<String> jvmOptions, int fdLimit, Path log)
            throws IOException, InterruptedException {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        java.addAll(jvmOptions);
        java.addAll(List.of("-Dhazelcast.phone.home.enabled=false", "-cp", classPath(), MediaNodeMain.class.getName()));
        keys.forEach((k, v) -> java.add(k + "=" + v));
        List<String> cmd = java;
        if (fdLimit > 0) {
            cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + fdLimit + " && exec \"$@\"", name));
            cmd.addAll(java);
        }
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(p, log, ready), "media-log-" + name);
        pump.setDaemon(true);
        pump.start();
        try {
            String line = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            int ng = Integer.parseInt(line.replaceAll(".*ng=(\\d+).*", "$1"));
            int http = Integer.parseInt(line.replaceAll(".*http=(\\d+).*", "$1"));
            return new MediaProcess(p, ng, http, log);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            stop(p);
            throw new IllegalStateException("media node " + name + " did not start; see " + log, e);
        }
    }

    private static void pump(Process p, Path log, CompletableFuture<String> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                if (line.startsWith(MediaNodeMain.READY)) {
                    ready.complete(line);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("media node closed its output before it was ready"));
    }

    /** This class loader's URLs (exec:java) followed by java.class.path (plain java -cp). */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader cl = MediaProcess.class.getClassLoader(); cl != null; cl = cl.getParent()) {
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

    long pid() {
        return process.pid();
    }

    int ngPort() {
        return ngPort;
    }

    int httpPort() {
        return httpPort;
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process p) {
        try {
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
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
