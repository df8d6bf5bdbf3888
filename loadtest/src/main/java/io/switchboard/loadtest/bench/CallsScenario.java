package io.switchboard.loadtest.bench;

import io.switchboard.loadtest.AdminClient;
import io.switchboard.loadtest.LocalMedia;
import io.switchboard.loadtest.Sipp;
import io.switchboard.loadtest.SippResult;
import io.switchboard.loadtest.SippStatistics;
import io.switchboard.loadtest.SippTransport;
import io.switchboard.loadtest.report.Latencies;
import io.switchboard.media.MediaServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code calls}: calls per second through the B2BUA, each with a media session allocated by ng
 * offer/answer (no RTP), as {@code bench.CallRateBenchmark} does: a ramp of {@code --rates}, each
 * {@code --seconds} long, stopping at the first step with more than 0.1 % failed or below 90 % of
 * its rate. The all-in-one shape: signaling and one media node in this JVM.
 *
 * <p>{@code calls --mode concurrent} (or scenario {@code concurrent}): {@code --calls} calls held
 * at once across {@code --media-nodes} media-server processes capped at {@code --max-sessions}
 * each, as {@code bench.ConcurrentCallsBenchmark} does.
 */
final class CallsScenario {
    static final String NAME = "calls";
    static final String CONCURRENT = "concurrent";
    static final double MAX_FAILED_PERCENT = 0.1;

    private CallsScenario() {
    }

    static void quietCallLog() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            ctx.getLogger("io.switchboard.signaling.call").setLevel(ch.qos.logback.classic.Level.WARN);
            ctx.getLogger("io.switchboard.media.ng").setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    static void gauges(RunContext c, CallBench bench, String scenario) {
        c.sampler.gauge(scenario + "-active", scenario + ": concurrent calls over time", "calls",
                () -> Map.of("B2BUA active calls", (double) bench.server.calls().activeCalls()));
        c.sampler.gauge(scenario + "-media-sessions", scenario + ": media node sessions over time", "sessions", () -> {
            Map<String, Double> m = new LinkedHashMap<>();
            for (AdminClient.Node n : bench.admin.nodes("media")) {
                m.put(n.name(), (double) n.activeSessions());
            }
            return m;
        });
    }

    static void runRate(RunContext c) throws Exception {
        quietCallLog();
        int[] rates = c.ints("rates");
        int seconds = c.options.integer("seconds");
        Duration hold = Duration.ofMillis(c.options.integer("hold-ms"));
        // A fresh JVM spends most of its first tens of seconds compiling (the JIT's threads took 47 % of
        // the process's CPU in the first 20 s at 200 calls/s): warm it with calls that are not measured.
        int warmupRate = Math.max(1, Math.min(150, rates.length == 0 ? 150 : rates[0]));
        // Bounded in time as well: at most 60 s of warm-up, whatever the first step's rate.
        int warmupCalls = Math.min(c.options.integer("call-warmup"), warmupRate * 60);
        long totalCalls = warmupCalls;
        for (int r : rates) {
            totalCalls += (long) r * seconds;
        }
        c.report.parameters.put("calls.rates", c.options.string("rates"));
        c.report.parameters.put("calls.step_seconds", seconds);
        c.report.parameters.put("calls.hold_ms", hold.toMillis());
        c.report.parameters.put("calls.callers", c.options.integer("callers"));
        c.report.parameters.put("calls.max_failed_percent", MAX_FAILED_PERCENT);
        c.report.parameters.put("calls.warmup_calls", warmupCalls);
        Path dir = c.work.resolve(NAME);
        Duration bound = Duration.ofSeconds(Math.min(c.secondsLeft(), rates.length * (3L * seconds + hold.toSeconds() + 60)));
        try (PrintStream log = c.log("calls-servers.log");
             CallBench bench = CallBench.start(dir.resolve("data"), c.options.integer("workers"), log);
             MediaServer media = LocalMedia.start("media-1", bench.server.hazelcast(), 10000, 29999, dir.resolve("media-data"),
                     Map.of("media.event-loops", "1", "media.timeout", "60s"), log)) {
            bench.awaitMediaNodes(1, Duration.ofSeconds(20));
            gauges(c, bench, NAME);
            Path callers = bench.provision(dir, c.options.integer("callers"));
            BenchSipp.Running callee = bench.startCallee(dir, Sipp.freeLocalPort(SippTransport.UDP), totalCalls, bound);
            c.sampler.process("sipp callee", callee.pid());
            Histogram bestSetup = null;
            double bestAchieved = 0;
            double bestFailed = 0;
            double bestCpu = 0;
            int bestRate = 0;
            try {
                if (warmupCalls > 0) {
                    SippResult w = await(c, bench.caller(dir.resolve("caller-warmup"), callers, warmupCalls, warmupRate,
                            c.options.integer("limit"), hold, Duration.ofSeconds(Math.min(c.secondsLeft(),
                                    3L * warmupCalls / warmupRate + hold.toSeconds() + 30))).start(), warmupCalls,
                            "calls warm-up " + warmupRate + "/s");
                    bench.awaitNoCalls(Duration.ofSeconds(10));
                    c.report.note(String.format("calls warm-up (not measured): %d calls at %d/s, %d ok, %d failed",
                            w.stats().created(), warmupRate, w.stats().successful(), w.stats().failed()));
                }
                for (int rate : rates) {
                    c.checkDeadline("calls step " + rate + "/s");
                    long calls = (long) rate * seconds;
                    long cpu0 = ProcStats.cpuMicros(ProcStats.selfPid());
                    BenchSipp.Running caller = bench.caller(dir.resolve("caller-" + rate), callers, calls, rate,
                            c.options.integer("limit"), hold,
                            Duration.ofSeconds(Math.min(c.secondsLeft(), 3L * seconds + hold.toSeconds() + 30))).start();
                    c.sampler.process("sipp caller", caller.pid());
                    SippResult r = await(c, caller, calls, "calls " + rate + "/s");
                    long cpu = ProcStats.cpuMicros(ProcStats.selfPid()) - cpu0;
                    int left = bench.awaitNoCalls(Duration.ofSeconds(10));
                    SippStatistics s = r.stats();
                    double failedPercent = 100.0 * s.failed() / Math.max(1, s.created());
                    double achieved = s.created() * 1000.0 / Math.max(1, s.elapsedMillis() - hold.toMillis());
                    Histogram setup = caller.setupTimes();
                    c.sippSeries(NAME, "calls", List.of(caller.workDir().resolve("stat.csv")));
                    c.report.note(String.format("calls step %d/s offered: %d placed, %d ok, %d failed (%.3f %%), achieved %.0f/s, "
                                    + "setup %s, %d left in the B2BUA%s", rate, s.created(), s.successful(), s.failed(), failedPercent,
                            achieved, CallBench.percentiles(setup), left, r.timedOut() ? ", TIMED OUT" : ""));
                    if (failedPercent > MAX_FAILED_PERCENT || achieved < 0.9 * rate || r.timedOut() || s.created() < calls) {
                        c.terminal.println(String.format("calls: step %d/s missed the bound (%.3f %% failed, %.0f/s achieved): ramp stops",
                                rate, failedPercent, achieved));
                        break;
                    }
                    bestSetup = setup;
                    bestAchieved = achieved;
                    bestFailed = failedPercent;
                    bestRate = rate;
                    bestCpu = cpu / (double) Math.max(1, s.created());
                }
            } finally {
                callee.destroy();
                c.sampler.forget("sipp caller");
                c.sampler.forget("sipp callee");
                c.sampler.clearGauges();
            }
            if (bestSetup != null) {
                c.report.figure(NAME, "max_cps", bestAchieved, "calls/s",
                        "highest ramp step with <= 0.1 % failed and >= 90 % of its rate (INVITE, 407, INVITE, 200, ACK, BYE; media allocated)");
                c.report.figure(NAME, "offered_cps_at_max", bestRate, "calls/s", "offered rate of that step");
                c.report.figure(NAME, "failed_pct_at_max", bestFailed, "%", "failed calls in that step");
                c.report.figure(NAME, "cpu_us_per_call", bestCpu, "us",
                        "CPU of the Switchboard JVM (signaling, media, runner) per call in that step");
                c.report.figure(NAME, "setup_p50_ms", bestSetup.getValueAtPercentile(50) / 1000.0, "ms", "INVITE to 200 (incl. 407) at max_cps");
                c.report.figure(NAME, "setup_p99_ms", bestSetup.getValueAtPercentile(99) / 1000.0, "ms", "INVITE to 200 (incl. 407) at max_cps");
                Latencies.add(c.report, NAME, "INVITE->200 at max cps", "calls-latency",
                        "calls: setup time percentiles (first INVITE to 200, incl. 407)", bestSetup);
            } else {
                c.report.note("calls: no step met the bound (<= 0.1 % failed, >= 90 % of rate)");
            }
        }
    }

    static void runConcurrent(RunContext c) throws Exception {
        quietCallLog();
        int calls = c.options.integer("calls");
        int rate = c.options.integer("rate");
        int plateau = c.options.integer("plateau");
        int nodesWanted = c.options.integer("media-nodes");
        int ramp = (calls + rate - 1) / rate;
        Duration hold = Duration.ofSeconds(ramp + plateau);
        Duration callerBound = Duration.ofSeconds(Math.min(c.secondsLeft(), hold.toSeconds() + ramp + 60));
        c.report.parameters.put("concurrent.calls", calls);
        c.report.parameters.put("concurrent.rate", rate);
        c.report.parameters.put("concurrent.plateau_seconds", plateau);
        c.report.parameters.put("concurrent.media_nodes", nodesWanted);
        c.report.parameters.put("concurrent.max_sessions_per_node", c.options.integer("max-sessions"));
        Path dir = c.work.resolve(CONCURRENT);
        int[][] ranges = {{10000, 29999}, {40000, 59999}, {30000, 32767}, {61000, 65000}};
        try (PrintStream log = c.log("concurrent-signaling.log");
             CallBench bench = CallBench.start(dir.resolve("data"), c.options.integer("workers"), log)) {
            List<MediaProcess> nodes = new ArrayList<>();
            try {
                for (int i = 0; i < Math.min(nodesWanted, ranges.length); i++) {
                    Map<String, String> keys = new LinkedHashMap<>(bench.clusterKeys());
                    keys.put("cluster.port", Integer.toString(Integer.parseInt(keys.get("cluster.port")) + i));
                    keys.put("node.name", "media-" + (i + 1));
                    keys.put("lite-member", "true");
                    keys.put("node.private-address", "127.0.0.1");
                    keys.put("media.ng-address", "127.0.0.1");
                    keys.put("media.ng-port", "0");
                    keys.put("media.rtp-address", "127.0.0.1");
                    keys.put("media.port-min", Integer.toString(ranges[i][0]));
                    keys.put("media.port-max", Integer.toString(ranges[i][1]));
                    keys.put("media.max-sessions", c.options.string("max-sessions"));
                    keys.put("media.timeout", (hold.toSeconds() + ramp + 120) + "s");
                    keys.put("media.event-loops", "1");
                    keys.put("media.http-address", "127.0.0.1");
                    keys.put("media.http-port", "0");
                    keys.put("data-dir", dir.resolve("media-" + (i + 1)).toString());
                    MediaProcess n = MediaProcess.start("media-" + (i + 1), keys, List.of("-Xmx" + c.options.string("media-heap")), 0,
                            dir.resolve("media-" + (i + 1) + ".log"));
                    nodes.add(n);
                    c.sampler.process("media-" + (i + 1), n.pid());
                }
                bench.awaitMediaNodes(nodes.size(), Duration.ofSeconds(30));
                gauges(c, bench, CONCURRENT);
                Path callers = bench.provision(dir, Math.min(c.options.integer("callers"), calls));
                BenchSipp.Running callee = bench.startCallee(dir, Sipp.freeLocalPort(SippTransport.UDP), calls,
                        callerBound.plusSeconds(30));
                c.sampler.process("sipp callee", callee.pid());
                int peakActive = 0;
                Map<String, Integer> peakSessions = new LinkedHashMap<>();
                SippResult r;
                BenchSipp.Running caller;
                try {
                    caller = bench.caller(dir.resolve("caller"), callers, calls, rate, calls, hold, callerBound).start();
                    c.sampler.process("sipp caller", caller.pid());
                    long t0 = System.nanoTime();
                    double total = hold.toSeconds() + ramp;
                    try {
                        while (caller.alive()) {
                            int active = bench.server.calls().activeCalls();
                            peakActive = Math.max(peakActive, active);
                            for (AdminClient.Node n : bench.admin.nodes("media")) {
                                peakSessions.merge(n.name(), n.activeSessions(), Math::max);
                            }
                            SippStatistics s = caller.stats();
                            c.terminal.progress("concurrent " + calls + " calls", (System.nanoTime() - t0) / 1e9 / total,
                                    "active " + active + "  ok " + s.successful() + "  failed " + s.failed());
                            Thread.sleep(1000);
                        }
                    } finally {
                        r = caller.await();
                    }
                } finally {
                    callee.destroy();
                    c.terminal.endBar();
                    c.sampler.forget("sipp caller");
                    c.sampler.forget("sipp callee");
                }
                int left = bench.awaitNoCalls(Duration.ofSeconds(30));
                SippStatistics s = r.stats();
                c.sippSeries(CONCURRENT, "calls", List.of(dir.resolve("caller").resolve("stat.csv")));
                c.report.figure(CONCURRENT, "concurrent_calls_target", calls, "calls", "calls meant to be up together");
                c.report.figure(CONCURRENT, "max_active_calls", peakActive, "calls", "most calls the B2BUA held at once (1 s samples)");
                c.report.figure(CONCURRENT, "failed", s.failed(), "calls", "failed calls");
                c.report.figure(CONCURRENT, "failed_pct", 100.0 * s.failed() / Math.max(1, s.created()), "%", "failed calls");
                peakSessions.forEach((n, v) -> c.report.figure(CONCURRENT, "max_sessions_" + n, v, "sessions",
                        "most sessions media node " + n + " held (cap " + c.options.string("max-sessions") + ")"));
                if (100.0 * s.failed() / Math.max(1, s.created()) > MAX_FAILED_PERCENT || peakActive < 0.99 * calls) {
                    c.report.note(String.format("concurrent: bound missed: %d of %d calls failed, at most %d up together",
                            s.failed(), s.created(), peakActive));
                }
                c.report.figure(CONCURRENT, "calls_left_after_run", left, "calls", "calls still in the B2BUA 30 s after the last BYE");
                Latencies.add(c.report, CONCURRENT, "INVITE->200 while ramping up", "concurrent-latency",
                        "concurrent: setup time percentiles (first INVITE to 200)", caller.setupTimes());
            } finally {
                c.sampler.clearGauges();
                for (int i = 0; i < nodes.size(); i++) {
                    c.sampler.forget("media-" + (i + 1));
                    nodes.get(i).close();
                }
            }
        }
    }

    /** Waits for a caller SIPp, drawing the progress bar from its statistics. */
    private static SippResult await(RunContext c, BenchSipp.Running caller, long calls, String label) throws Exception {
        try {
            while (caller.alive()) {
                SippStatistics s = caller.stats();
                c.terminal.progress(label, (s.successful() + s.failed()) / (double) Math.max(1, calls),
                        "ok " + s.successful() + "  failed " + s.failed());
                Thread.sleep(500);
            }
        } finally {
            c.terminal.endBar();
        }
        return caller.await();
    }
}
