package io.switchboard.loadtest.bench;

import io.switchboard.loadtest.LocalMedia;
import io.switchboard.loadtest.Sipp;
import io.switchboard.loadtest.SippResult;
import io.switchboard.loadtest.SippStatistics;
import io.switchboard.loadtest.SippTransport;
import io.switchboard.media.MediaServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code trunks}: call set-ups per second over SIP trunks, each with a media session on the media node
 * (ng offer/answer, no RTP), in both directions and with failover under load.
 * <ul>
 *   <li>out: phones (SIPp, digest) dial 9xxxxxx; the route's first trunk is a provider answering 503 to
 *       every INVITE, its second one answers: every call fails over once. Lost calls are those the
 *       phones saw fail (the 503s must not reach them);</li>
 *   <li>in: a provider on an IP trunk sends DID calls, routed to an extension (a SIPp answering).</li>
 * </ul>
 * Each direction runs {@code --trunk-rates} steps of {@code --seconds}, stopping at the first with more
 * than 0.1 % failed or below 90 % of its rate. Providers and phones are on 127.0.0.0/8 only.
 */
final class TrunkBenchmark {
    static final String NAME = "trunks";
    private static final String FAILING = "127.0.0.91";
    private static final String ANSWERING = "127.0.0.92";

    private TrunkBenchmark() {
    }

    static Map<String, String> defaults(Map<String, String> common) {
        Map<String, String> d = new LinkedHashMap<>(common);
        d.put("trunk-rates", "50,100,200,400");
        d.put("seconds", "10");
        d.put("hold-ms", "1000");
        d.put("callers", "500");
        return Map.copyOf(d);
    }

    static void run(RunContext c) throws Exception {
        CallsScenario.quietCallLog();
        int[] rates = c.ints("trunk-rates");
        int seconds = c.options.integer("seconds");
        Duration hold = Duration.ofMillis(c.options.integer("hold-ms"));
        long totalCalls = 0;
        for (int r : rates) {
            totalCalls += (long) r * seconds;
        }
        c.report.parameters.put("trunks.rates", c.options.string("trunk-rates"));
        c.report.parameters.put("trunks.step_seconds", seconds);
        c.report.parameters.put("trunks.hold_ms", hold.toMillis());
        Path dir = c.work.resolve(NAME);
        Duration bound = Duration.ofSeconds(Math.min(c.secondsLeft(), rates.length * 2L * (3L * seconds + hold.toSeconds() + 30)));
        try (PrintStream log = c.log("trunks-servers.log");
             CallBench bench = CallBench.start(dir.resolve("data"), c.options.integer("workers"), log);
             MediaServer media = LocalMedia.start("media-1", bench.server.hazelcast(), 10000, 29999, dir.resolve("media-data"),
                     Map.of("media.event-loops", "1", "media.timeout", "60s"), log)) {
            bench.awaitMediaNodes(1, Duration.ofSeconds(20));
            Path callers = bench.provision(dir, c.options.integer("callers"));
            int failingPort = Sipp.freeLocalPort(SippTransport.UDP);
            int answeringPort = Sipp.freeLocalPort(SippTransport.UDP);
            bench.admin.postJson("/api/trunks", "{\"name\":\"failing\",\"kind\":\"ip\",\"host\":\"" + FAILING + "\",\"port\":" + failingPort
                    + ",\"addresses\":[\"" + FAILING + "\"],\"maxChannels\":100000}");
            bench.admin.postJson("/api/trunks", "{\"name\":\"answering\",\"kind\":\"ip\",\"host\":\"" + ANSWERING + "\",\"port\":"
                    + answeringPort + ",\"addresses\":[\"" + ANSWERING + "\"],\"maxChannels\":100000}");
            bench.admin.postJson("/api/routes", "{\"name\":\"bench\",\"pattern\":\"9[0-9]{6}\",\"trunks\":[\"failing\",\"answering\"]}");
            bench.admin.postJson("/api/dids", "{\"number\":\"3222000001\",\"destination\":\"" + CallBench.CALLEE + "\"}");
            BenchSipp.Running refuses = BenchSipp.of("provider-refuses.xml", bench.server.sipPort(), dir.resolve("provider-failing"))
                    .address(FAILING).args("-p", Integer.toString(failingPort), "-m", Long.toString(totalCalls)).timeout(bound).start();
            BenchSipp.Running answers = BenchSipp.of("callee.xml", bench.server.sipPort(), dir.resolve("provider-answering"))
                    .address(ANSWERING).args("-p", Integer.toString(answeringPort), "-m", Long.toString(totalCalls),
                            "-mi", ANSWERING, "-mp", Integer.toString(CallBench.CALLEE_MEDIA_PORT)).timeout(bound).start();
            BenchSipp.Running extension = bench.startCallee(dir, Sipp.freeLocalPort(SippTransport.UDP), totalCalls, bound);
            try {
                ramp(c, bench, "out", rates, seconds, hold, rate -> bench.caller(dir.resolve("out-" + rate), callers, "9000001",
                        (long) rate * seconds, rate, c.options.integer("limit"), hold, stepBound(c, seconds, hold)));
                ramp(c, bench, "in", rates, seconds, hold, rate -> BenchSipp.of("provider-calls.xml", bench.server.sipPort(),
                        dir.resolve("in-" + rate)).address(ANSWERING).remote("127.0.0.1")
                        .args("-key", "did", "3222000001", "-m", Long.toString((long) rate * seconds), "-r", Integer.toString(rate),
                                "-rp", "1000", "-l", Integer.toString(c.options.integer("limit")), "-d", Long.toString(hold.toMillis()),
                                "-mi", ANSWERING, "-mp", Integer.toString(CallBench.CALLER_MEDIA_PORT))
                        .timeout(stepBound(c, seconds, hold)));
                SippStatistics refused = refuses.stats();
                c.report.note(String.format("trunks: the failing trunk refused %d INVITEs with 503, each failed over to the next trunk",
                        refused.created()));
            } finally {
                refuses.destroy();
                answers.destroy();
                extension.destroy();
            }
        }
    }

    interface Step {
        BenchSipp at(int rate);
    }

    private static Duration stepBound(RunContext c, int seconds, Duration hold) {
        return Duration.ofSeconds(Math.min(c.secondsLeft(), 3L * seconds + hold.toSeconds() + 30));
    }

    private static void ramp(RunContext c, CallBench bench, String direction, int[] rates, int seconds, Duration hold, Step step)
            throws Exception {
        double best = 0;
        Histogram bestSetup = null;
        double bestCpu = 0;
        for (int rate : rates) {
            c.checkDeadline("trunks " + direction + " " + rate + "/s");
            long calls = (long) rate * seconds;
            long cpu0 = ProcStats.cpuMicros(ProcStats.selfPid());
            BenchSipp.Running run = step.at(rate).start();
            SippResult r = awaitRun(c, run, calls, "trunks " + direction + " " + rate + "/s");
            long cpu = ProcStats.cpuMicros(ProcStats.selfPid()) - cpu0;
            int left = bench.awaitNoCalls(Duration.ofSeconds(10));
            SippStatistics s = r.stats();
            double failedPercent = 100.0 * s.failed() / Math.max(1, s.created());
            double achieved = s.created() * 1000.0 / Math.max(1, s.elapsedMillis() - hold.toMillis());
            Histogram setup = run.setupTimes();
            c.report.note(String.format("trunks %s step %d/s: %d placed, %d ok, %d failed (%.3f %%), achieved %.0f/s, setup %s, "
                            + "%d left in the B2BUA%s", direction, rate, s.created(), s.successful(), s.failed(), failedPercent, achieved,
                    CallBench.percentiles(setup), left, r.timedOut() ? ", TIMED OUT" : ""));
            if (failedPercent > CallsScenario.MAX_FAILED_PERCENT || achieved < 0.9 * rate || r.timedOut() || s.created() < calls) {
                c.terminal.println(String.format("trunks %s: step %d/s missed the bound (%.3f %% failed, %.0f/s): ramp stops",
                        direction, rate, failedPercent, achieved));
                break;
            }
            best = achieved;
            bestSetup = setup;
            bestCpu = cpu / (double) Math.max(1, s.created());
        }
        if (bestSetup == null) {
            c.report.note("trunks " + direction + ": no step met the bound (<= 0.1 % failed, >= 90 % of rate)");
            return;
        }
        String what = direction.equals("out") ? "phone -> route -> trunk answering 503 -> next trunk answering"
                : "provider on an IP trunk -> DID -> extension";
        c.report.figure(NAME, direction + "_max_cps", best, "calls/s", "highest step with <= 0.1 % failed (" + what + "; media allocated)");
        c.report.figure(NAME, direction + "_cpu_us_per_call", bestCpu, "us", "CPU of the Switchboard JVM (signaling, media) per call");
        c.report.figure(NAME, direction + "_setup_p50_ms", bestSetup.getValueAtPercentile(50) / 1000.0, "ms", "INVITE to 200");
        c.report.figure(NAME, direction + "_setup_p99_ms", bestSetup.getValueAtPercentile(99) / 1000.0, "ms", "INVITE to 200");
    }

    private static SippResult awaitRun(RunContext c, BenchSipp.Running run, long calls, String label) throws Exception {
        try {
            while (run.alive()) {
                SippStatistics s = run.stats();
                c.terminal.progress(label, (s.successful() + s.failed()) / (double) Math.max(1, calls),
                        "ok " + s.successful() + "  failed " + s.failed());
                Thread.sleep(500);
            }
        } finally {
            c.terminal.endBar();
        }
        return run.await();
    }
}
