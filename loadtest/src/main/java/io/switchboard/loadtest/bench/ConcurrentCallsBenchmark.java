package io.switchboard.loadtest.bench;

import io.switchboard.loadtest.AdminClient;
import io.switchboard.loadtest.BenchmarkOptions;
import io.switchboard.loadtest.Scratch;
import io.switchboard.loadtest.Sipp;
import io.switchboard.loadtest.SippResult;
import io.switchboard.loadtest.SippStatistics;
import io.switchboard.loadtest.SippTransport;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * N calls held at once across two media-server processes (docs/ARCHITECTURE.md "Capacity model": 10,000
 * calls, 5,000 per media server).
 *
 * <pre>
 * mvn -q -pl loadtest exec:java -Dexec.mainClass=io.switchboard.loadtest.bench.ConcurrentCallsBenchmark \
 *     -Dexec.args="--calls 10000 --rate 250 --plateau 20"
 * </pre>
 *
 * Signaling runs in this JVM; two media servers run in JVMs of their own ({@link MediaProcess}),
 * joined to its Hazelcast cluster, each capped at {@code --max-sessions} (5000) and relaying on an
 * address of its own: node 1 127.0.0.1, node 2 127.0.0.2, both on ports 10000-29999 (20,000 ports =
 * 5,000 calls each), clear of the kernel's ephemeral ports (32768-60999 by default), whose sockets
 * would hold some pairs of a range that met them. A caller SIPp places {@code --calls} calls at
 * {@code --rate}/s with {@code -l calls}, each held {@code calls/rate + --plateau} seconds before
 * its BYE, so all of them are up together for about {@code --plateau} s; the callee answers all.
 * Every 2 s it samples the B2BUA's active calls, each node's activeSessions ({@code /api/nodes})
 * and open descriptors; in the middle of the plateau it takes the heap after GC (this JVM:
 * signaling + benchmark) and every process's RSS.
 *
 * <p>Cluster: the media processes join as Hazelcast lite members ({@code --lite-member true}). As
 * full members (which {@code switchboard media-server} no longer is: it joins as a lite member too) they take partitions of the
 * signaling maps they do not configure: the {@code users} map has its MapStore only on signaling,
 * so a user whose partition moved to a media node is not found and every REGISTER/INVITE of that
 * user gets 401/407 again ({@code --lite-member false} shows it).
 *
 * <p>Descriptors: both bench phones offer rtcp-mux (RFC 5761), so each relay leg holds one socket and
 * a node needs 2 per call, 10,000 for 5,000 calls plus about 100 of its own (without rtcp-mux it
 * would be 4 per call, and a hard limit of 20,000, as on the machine this was written on, would stop
 * a node short of 5,000). {@code --fd-limit} sets each media process's {@code ulimit -n} (0: inherit
 * this JVM's).
 */
public final class ConcurrentCallsBenchmark {
    /** Both bench phones offer rtcp-mux (RFC 5761), as current phones do: one socket per relay leg. */
    private static final int FDS_PER_CALL = 2;

    private ConcurrentCallsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions o = BenchmarkOptions.parse(args, Map.ofEntries(Map.entry("calls", "10000"),
                Map.entry("rate", "250"), Map.entry("plateau", "20"), Map.entry("callers", "10000"),
                Map.entry("max-sessions", "5000"), Map.entry("workers", "8"), Map.entry("fd-limit", "0"),
                Map.entry("media-heap", "1g"), Map.entry("keep", "false"), Map.entry("call-log", "false"),
                Map.entry("lite-member", "true")));
        if (Sipp.executable().isEmpty()) {
            throw new IllegalStateException("sipp is not on the PATH (Debian/Ubuntu: apt-get install sip-tester)");
        }
        int calls = o.integer("calls");
        int rate = o.integer("rate");
        int ramp = (calls + rate - 1) / rate;
        Duration hold = Duration.ofSeconds(ramp + o.integer("plateau"));
        Duration callerBound = hold.plusSeconds(ramp + 60);
        // Each node relays on an address of its own (127.0.0.1, 127.0.0.2), so both use 10000-29999 and
        // neither range meets the kernel's ephemeral ports, whose sockets would hold some of its pairs.
        int[][] ranges = {{10000, 29999}, {10000, 29999}};
        String[] relayAddresses = {"127.0.0.1", "127.0.0.2"};
        int[] ephemeral = ProcStats.ephemeralPorts();
        long fdLimit = o.integer("fd-limit") > 0 ? o.integer("fd-limit") : ProcStats.fdLimit(ProcStats.selfPid());
        System.out.printf("concurrent calls benchmark: %d calls at %d/s (ramp %d s), each held %d s, 2 media nodes "
                        + "capped at %s sessions%n", calls, rate, ramp, hold.toSeconds(), o.string("max-sessions"));
        System.out.printf("  relay ranges %s:%d-%d and %s:%d-%d; kernel ephemeral ports %d-%d%s%n", relayAddresses[0],
                ranges[0][0], ranges[0][1], relayAddresses[1], ranges[1][0], ranges[1][1], ephemeral[0], ephemeral[1],
                ranges[1][1] >= ephemeral[0] && ranges[1][0] <= ephemeral[1] ? " (they overlap: pairs held by other sockets are skipped)" : "");
        System.out.printf("  media open-file limit %d: at %d fds per call a node holds at most ~%d calls (needs %d for %s)%n",
                fdLimit, FDS_PER_CALL, (fdLimit - 100) / FDS_PER_CALL, Integer.parseInt(o.string("max-sessions")) * FDS_PER_CALL + 100,
                o.string("max-sessions"));
        if (!o.bool("call-log")) {
            CallRateBenchmark.quietCallLog();
        }

        try (Scratch work = Scratch.create("switchboard-concurrent-bench", o.bool("keep"));
             CallBench bench = CallBench.start(work.resolve("data"), o.integer("workers"))) {
            System.out.printf("work dir %s%n", work.dir());
            List<MediaProcess> nodes = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    Map<String, String> keys = new LinkedHashMap<>(bench.clusterKeys());
                    keys.put("node.name", "media-" + (i + 1));
                    keys.put("lite-member", o.string("lite-member"));
                    keys.put("node.private-address", relayAddresses[i]);
                    keys.put("media.ng-address", relayAddresses[i]);
                    keys.put("media.ng-port", "0");
                    keys.put("media.rtp-address", relayAddresses[i]);
                    keys.put("media.port-min", Integer.toString(ranges[i][0]));
                    keys.put("media.port-max", Integer.toString(ranges[i][1]));
                    keys.put("media.max-sessions", o.string("max-sessions"));
                    // No RTP flows in these calls: the media timeout must outlast the hold.
                    keys.put("media.timeout", (hold.toSeconds() + ramp + 120) + "s");
                    keys.put("media.event-loops", "1");
                    keys.put("media.http-address", "127.0.0.1");
                    keys.put("media.http-port", "0");
                    keys.put("data-dir", work.resolve("media-" + (i + 1)).toString());
                    nodes.add(MediaProcess.start("media-" + (i + 1), keys, List.of("-Xmx" + o.string("media-heap")),
                            o.integer("fd-limit"), work.resolve("media-" + (i + 1) + ".log")));
                }
                for (MediaProcess n : nodes) {
                    System.out.printf("  media node pid %d, ng %d, open-file limit %d, log %s%n", n.pid(), n.ngPort(),
                            ProcStats.fdLimit(n.pid()), n.log());
                }
                bench.awaitMediaNodes(2, Duration.ofSeconds(30));
                run(o, bench, work, nodes, calls, rate, ramp, hold, callerBound);
            } finally {
                nodes.forEach(MediaProcess::close);
            }
        }
    }

    private static void run(BenchmarkOptions o, CallBench bench, Scratch work, List<MediaProcess> nodes, int calls,
                            int rate, int ramp, Duration hold, Duration callerBound) throws Exception {
        var callers = bench.provision(work.dir(), Math.min(o.integer("callers"), calls));
        // The heap with no call up (callers registered, maps and caches loaded): what a held call adds is
        // the snapshot's heap less this, over the calls.
        System.gc();
        long idleHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("  signaling JVM before the calls: heap used after GC %d MiB%n", idleHeap >> 20);
        BenchSipp.Running callee = bench.startCallee(work.dir(), Sipp.freeLocalPort(SippTransport.UDP), calls,
                callerBound.plusSeconds(30));
        Peak peak = new Peak();
        SippResult result;
        BenchSipp.Running caller;
        long plateauAt = System.nanoTime() + Duration.ofSeconds(ramp + o.integer("plateau") / 2 + 2).toNanos();
        boolean snapshotTaken = false;
        try {
            caller = bench.caller(work.resolve("caller"), callers, calls, rate, calls, hold, callerBound).start();
            try {
                while (caller.alive()) {
                    peak.sample(bench, nodes, caller);
                    if (!snapshotTaken && System.nanoTime() >= plateauAt) {
                        snapshotTaken = true;
                        snapshot(bench, nodes, caller, callee, idleHeap);
                    }
                    Thread.sleep(2000);
                }
            } finally {
                result = caller.await();
            }
        } finally {
            callee.destroy();
        }
        int left = bench.awaitNoCalls(Duration.ofSeconds(30));
        SippStatistics s = result.stats();
        System.out.println("result:");
        System.out.printf("  calls placed %d, successful %d, failed %d (%.3f %%), retransmissions %d%s%n", s.created(),
                s.successful(), s.failed(), 100.0 * s.failed() / Math.max(1, s.created()), s.retransmissions(),
                result.timedOut() ? "  <- caller TIMED OUT" : "");
        System.out.printf("  max simultaneously active: B2BUA %d calls; SIPp caller %d calls%n", peak.activeCalls, peak.sippCurrent);
        peak.sessions.forEach((name, max) -> System.out.printf("  %s: max activeSessions %d (cap %s), max open fds %d%n",
                name, max, o.string("max-sessions"), peak.fds.getOrDefault(name, -1)));
        System.out.printf("  setup time (first INVITE to 200): %s%n", CallBench.percentiles(caller.setupTimes()));
        System.out.printf("  calls left in the B2BUA 30 s after the last BYE: %d%n", left);
        if (!result.errors().isEmpty()) {
            System.out.printf("  first unexpected messages: %s%n", result.errors().substring(0, Math.min(600, result.errors().length())));
        }
    }

    /**
     * Where this JVM's heap goes, per active call: the top classes of {@code jcmd GC.class_histogram}
     * (live objects, after a full GC), so a change to the per-call state shows which objects it moved.
     */
    private static void printHistogram(int active, int top) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(ProcStats.selfPid()), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            List<String> lines = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines().filter(l -> l.matches("\\s*\\d+:\\s+\\d+\\s+\\d+\\s+.*")).limit(top).toList();
            p.waitFor();
            System.out.printf("  top classes by live bytes (bytes per active call, instances per call, class):%n");
            for (String line : lines) {
                String[] f = line.trim().split("\\s+");
                long instances = Long.parseLong(f[1]);
                long bytes = Long.parseLong(f[2]);
                System.out.printf("    %8.0f B %6.1f  %s%n", active == 0 ? 0.0 : (double) bytes / active,
                        active == 0 ? 0.0 : (double) instances / active, f[3]);
            }
        } catch (java.io.IOException e) {
            System.out.printf("  (no class histogram: %s)%n", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Mid-plateau: every process's memory, with the heap of this JVM after a full GC. */
    private static void snapshot(CallBench bench, List<MediaProcess> nodes, BenchSipp.Running caller,
                                 BenchSipp.Running callee, long idleHeap) throws Exception {
        int active = bench.server.calls().activeCalls();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("plateau snapshot: B2BUA active calls %d%n", active);
        System.out.printf("  signaling JVM (signaling + benchmark, in-process): heap used after GC %d MiB (%.1f KiB per active call),"
                        + " %.1f KiB per active call above the heap before the calls, RSS %d MiB%n",
                heap >> 20, active == 0 ? 0 : heap / 1024.0 / active, active == 0 ? 0 : (heap - idleHeap) / 1024.0 / active,
                ProcStats.rssKiB(ProcStats.selfPid()) >> 10);
        printHistogram(active, 15);
        Map<String, Integer> sessions = new HashMap<>();
        for (AdminClient.Node n : bench.admin.nodes("media")) {
            sessions.put(n.name(), n.activeSessions());
        }
        for (int i = 0; i < nodes.size(); i++) {
            MediaProcess n = nodes.get(i);
            Map<String, Double> m = Prometheus.scrape(n.httpPort(), null);
            System.out.printf("  media-%d: activeSessions %s (own gauge %.0f, rejected %.0f), RSS %d MiB, open fds %d%n", i + 1,
                    sessions.get("media-" + (i + 1)), m.getOrDefault("media_sessions_active", -1.0),
                    m.getOrDefault("media_sessions_rejected_total", -1.0), ProcStats.rssKiB(n.pid()) >> 10, ProcStats.openFds(n.pid()));
        }
        System.out.printf("  SIPp caller RSS %d MiB, callee RSS %d MiB%n", ProcStats.rssKiB(caller.pid()) >> 10,
                ProcStats.rssKiB(callee.pid()) >> 10);
    }

    /** Highest values seen by the 2 s sampling. */
    private static final class Peak {
        int activeCalls;
        long sippCurrent;
        final Map<String, Integer> sessions = new LinkedHashMap<>();
        final Map<String, Integer> fds = new LinkedHashMap<>();

        void sample(CallBench bench, List<MediaProcess> nodes, BenchSipp.Running caller) throws Exception {
            int active = bench.server.calls().activeCalls();
            activeCalls = Math.max(activeCalls, active);
            StringBuilder line = new StringBuilder(String.format("  t: B2BUA active %6d", active));
            for (AdminClient.Node n : bench.admin.nodes("media")) {
                sessions.merge(n.name(), n.activeSessions(), Math::max);
                line.append(String.format(", %s %5d", n.name(), n.activeSessions()));
            }
            for (int i = 0; i < nodes.size(); i++) {
                fds.merge("media-" + (i + 1), ProcStats.openFds(nodes.get(i).pid()), Math::max);
            }
            SippStatistics s = caller.stats();
            sippCurrent = Math.max(sippCurrent, s.created() - s.successful() - s.failed());
            line.append(String.format("; SIPp created %d, ok %d, failed %d", s.created(), s.successful(), s.failed()));
            System.out.println(line);
        }
    }
}
