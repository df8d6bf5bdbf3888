package io.switchboard.loadtest.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.cluster.ClusterMember;
import io.switchboard.common.ivr.IvrApps;
import io.switchboard.ivr.IvrServer;
import io.switchboard.ivr.IvrSettings;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The main of an IVR child process started by {@link IvrBenchmark}: one JVM "IVR node" made of a
 * plain Hazelcast data member (configured with {@link IvrApps#configure}, in a cluster of its own
 * name, so {@code ivr-apps} lives here) and {@link IvrServer#embedded} on it, which installs the
 * demo prompts and the demo application on 8000. Arguments are {@code key=value} configuration
 * overrides. It prints {@value #READY} with its ports once up and stops when its standard input
 * closes, like {@link MediaNodeMain}, so a benchmark that dies never leaves it behind.
 */
public final class IvrNodeMain {
    static final String READY = "IVR-NODE-READY";

    private IvrNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
            ctx.getLogger("io.switchboard").setLevel(Level.INFO);
        }
        Map<String, String> keys = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + a + "'");
            }
            keys.put(a.substring(0, eq), a.substring(eq + 1));
        }
        IvrSettings settings = IvrSettings.load(keys);
        HazelcastInstance hz = ClusterMember.start(settings.cluster(), settings.nodeName(), IvrApps::configure);
        try (IvrServer server = IvrServer.embedded(settings, "bench", System.out, hz)) {
            System.out.println(READY + " sip=" + server.sipPort() + " http=" + server.httpPort()
                    + " epoll=" + server.rtp().epoll());
            System.out.flush();
            while (System.in.read() >= 0) {
                // End of input is the signal to stop.
            }
            System.out.println("IVR-NODE-STOPPING sessions=" + server.calls().size());
        }
        hz.shutdown();
        System.exit(0);
    }

    /** The child process seen from the benchmark: started with this JVM's class path, stopped through its own handle. */
    static final class Child implements AutoCloseable {
        private final Process process;
        final int sipPort;
        final int httpPort;
        final String readyLine;
        final Path log;

        private Child(Process process, String readyLine, Path log) {
            this.process = process;
            this.readyLine = readyLine;
            this.sipPort = Integer.parseInt(readyLine.replaceAll(".*sip=(\\d+).*", "$1"));
            this.httpPort = Integer.parseInt(readyLine.replaceAll(".*http=(\\d+).*", "$1"));
            this.log = log;
        }

        static Child start(Map<String, String> keys, List<String> jvmOptions, Path log) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(jvmOptions);
            cmd.addAll(List.of("-Dhazelcast.phone.home.enabled=false", "-cp", classPath(), IvrNodeMain.class.getName()));
            keys.forEach((k, v) -> cmd.add(k + "=" + v));
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            CompletableFuture<String> ready = new CompletableFuture<>();
            Thread pump = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                     PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        out.println(line);
                        if (line.startsWith(READY)) {
                            ready.complete(line);
                        }
                    }
                } catch (IOException e) {
                    ready.completeExceptionally(e);
                }
                ready.completeExceptionally(new IllegalStateException("IVR node closed its output before it was ready"));
            }, "ivr-node-log");
            pump.setDaemon(true);
            pump.start();
            try {
                return new Child(p, ready.get(90, TimeUnit.SECONDS), log);
            } catch (Exception e) {
                stop(p);
                throw new IllegalStateException("IVR node did not start; see " + log, e);
            }
        }

        long pid() {
            return process.pid();
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
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
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

        /** This class loader's URLs (exec:java) followed by java.class.path (plain java -cp), as {@link MediaProcess} does. */
        private static String classPath() {
            Set<String> entries = new LinkedHashSet<>();
            for (ClassLoader cl = IvrNodeMain.class.getClassLoader(); cl != null; cl = cl.getParent()) {
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
    }
}
