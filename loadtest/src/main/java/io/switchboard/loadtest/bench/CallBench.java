package io.switchboard.loadtest.bench;

import io.switchboard.loadtest.AdminClient;
import io.switchboard.loadtest.LocalSignaling;
import io.switchboard.loadtest.SippResult;
import io.switchboard.loadtest.UserCsv;
import io.switchboard.signaling.SignalingServer;
import io.switchboard.signaling.directory.ImportReport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;

/**
 * The cast of a call benchmark: a signaling server in this JVM with a cluster other processes can
 * join, provisioned callers and one callee extension, the callee's SIPp answering everything
 * (registered from the port it then listens on), and the caller's SIPp arguments.
 */
final class CallBench implements AutoCloseable {
    static final long CALLEE = 200_000;
    static final long FIRST_CALLER = 100_000;
    /** SIPp's media ports: below every relay range, apart from each other. */
    static final int CALLER_MEDIA_PORT = 6000;
    static final int CALLEE_MEDIA_PORT = 6100;

    final SignalingServer server;
    final AdminClient admin;
    private final String clusterName;
    private final int clusterPort;

    private CallBench(SignalingServer server, String clusterName, int clusterPort) {
        this.server = server;
        this.admin = new AdminClient(server.httpPort(), LocalSignaling.ADMIN_PASSWORD);
        this.clusterName = clusterName;
        this.clusterPort = clusterPort;
    }

    /** Starts signaling with {@code workers} SIP workers and no shedding of a loopback load generator. */
    static CallBench start(Path dataDir, int workers) throws Exception {
        return start(dataDir, workers, System.out);
    }

    static CallBench start(Path dataDir, int workers, java.io.PrintStream log) throws Exception {
        String clusterName = "bench-" + UUID.randomUUID();
        int clusterPort = 5801 + ThreadLocalRandom.current().nextInt(100);
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("sip.workers", Integer.toString(workers));
        keys.put("sip.queue-capacity", "1000000");
        // Every SIPp shares 127.0.0.1: a per-source limit would throttle the whole benchmark.
        keys.put("sip.per-source-rate", "1000000");
        keys.put("cluster.name", clusterName);
        keys.put("cluster.port", Integer.toString(clusterPort));
        keys.put("cluster.members", "127.0.0.1:" + clusterPort);
        return new CallBench(LocalSignaling.start(dataDir, keys, log), clusterName, clusterPort);
    }

    /** Keys that make a media process join this signaling's cluster. */
    Map<String, String> clusterKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("cluster.name", clusterName);
        keys.put("cluster.bind-address", "127.0.0.1");
        keys.put("cluster.port", Integer.toString(clusterPort + 1));
        keys.put("cluster.members", "127.0.0.1:" + clusterPort);
        return keys;
    }

    /** Imports {@code callers} callers and the callee; returns the callers' SIPp injection file. */
    Path provision(Path dir, int callers) throws Exception {
        for (long[] block : new long[][] {{FIRST_CALLER, callers}, {CALLEE, 1}}) {
            Path csv = UserCsv.writeUsers(dir.resolve("users-" + block[0] + ".csv"), block[0], block[1]);
            try (InputStream in = Files.newInputStream(csv)) {
                ImportReport r = server.users().importCsv(in);
                if (r.failed() > 0) {
                    throw new IllegalStateException("import of " + csv + " failed: " + r.errors());
                }
            }
        }
        return UserCsv.writeInjection(dir.resolve("callers.csv"), FIRST_CALLER, callers, UserCsv::password);
    }

    /** Registers the callee from {@code port}, then starts its SIPp answering there, bounded by {@code calls} and {@code timeout}. */
    BenchSipp.Running startCallee(Path dir, int port, long calls, Duration timeout) throws Exception {
        SippResult reg = BenchSipp.of("register.xml", server.sipPort(), dir.resolve("callee-register"))
                .args("-p", Integer.toString(port), "-m", "1",
                        "-inf", UserCsv.writeInjection(dir.resolve("callee.csv"), CALLEE, 1, UserCsv::password).toString())
                .timeout(Duration.ofSeconds(20)).start().await();
        if (!reg.allSucceeded()) {
            throw new IllegalStateException("callee registration failed: " + reg.describe());
        }
        return BenchSipp.of("callee.xml", server.sipPort(), dir.resolve("callee"))
                .args("-p", Integer.toString(port), "-m", Long.toString(calls),
                        "-mi", "127.0.0.1", "-mp", Integer.toString(CALLEE_MEDIA_PORT))
                .timeout(timeout).start();
    }

    /** The caller's SIPp: {@code calls} calls at {@code rate}/s, at most {@code limit} at once, BYE after {@code hold}. */
    BenchSipp caller(Path dir, Path callers, long calls, int rate, int limit, Duration hold, Duration timeout) {
        return caller(dir, callers, Long.toString(CALLEE), calls, rate, limit, hold, timeout);
    }

    /** As above, dialling {@code callee} (an extension, or a number for the outbound routes). */
    BenchSipp caller(Path dir, Path callers, String callee, long calls, int rate, int limit, Duration hold, Duration timeout) {
        return BenchSipp.of("caller.xml", server.sipPort(), dir)
                .args("-inf", callers.toString(), "-key", "callee", callee,
                        "-m", Long.toString(calls), "-r", Integer.toString(rate), "-rp", "1000",
                        "-l", Integer.toString(limit), "-d", Long.toString(hold.toMillis()),
                        "-mi", "127.0.0.1", "-mp", Integer.toString(CALLER_MEDIA_PORT))
                .timeout(timeout);
    }

    /** Polls {@code /api/nodes?role=media} until {@code n} media nodes are online, or fails at the deadline. */
    void awaitMediaNodes(int n, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (admin.nodes("media").stream().filter(AdminClient.Node::online).count() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("media nodes online: " + admin.nodes("media") + ", expected " + n);
            }
            Thread.sleep(200);
        }
    }

    /** Polls until the B2BUA holds no call, up to {@code within}; returns what it still holds. */
    int awaitNoCalls(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (server.calls().activeCalls() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return server.calls().activeCalls();
    }

    static String percentiles(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return "no samples";
        }
        return String.format("p50 %.1f p90 %.1f p99 %.1f p99.9 %.1f max %.1f ms (%d calls)",
                micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(90) / 1000.0,
                micros.getValueAtPercentile(99) / 1000.0, micros.getValueAtPercentile(99.9) / 1000.0,
                micros.getMaxValue() / 1000.0, micros.getTotalCount());
    }

    @Override
    public void close() {
        server.close();
    }
}
