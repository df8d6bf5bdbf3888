package io.switchboard.loadtest.bench;

import io.switchboard.loadtest.BenchmarkOptions;
import io.switchboard.loadtest.LocalMedia;
import io.switchboard.loadtest.Scratch;
import io.switchboard.loadtest.Sipp;
import io.switchboard.loadtest.SippResult;
import io.switchboard.loadtest.SippStatistics;
import io.switchboard.media.MediaServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Calls per second through the B2BUA, each with a media session allocated by ng offer/answer, no RTP.
 *
 * <pre>
 * mvn -q -pl loadtest exec:java -Dexec.mainClass=io.switchboard.loadtest.bench.CallRateBenchmark \
 *     -Dexec.args="--rates 100,200,400,800 --seconds 10 --hold-ms 0"
 * </pre>
 *
 * All-in-one shape in this JVM: a signaling server ({@code --workers} SIP workers) and a media
 * server published through its Hazelcast member ({@code --event-loops}, ports 10000-29999). One
 * callee extension is registered by a SIPp that then answers every call (180, 200 with SDP, BYE
 * 200); a caller SIPp per step places {@code rate x --seconds} calls from {@code --callers}
 * provisioned extensions: INVITE, 407, INVITE with digest credentials, 200, ACK, {@code --hold-ms},
 * BYE. Steps run in order of {@code --rates} and stop at the first with more than
 * {@code --max-failed} % failed calls, or that reached less than 90 % of its rate. Setup time is SIPp's
 * timer 1, from the first INVITE to the 200 (so it includes the 407 round trip). CPU per call is the
 * process CPU (/proc) of this JVM (signaling + media + benchmark) and of each SIPp over the step.
 */
public final class CallRateBenchmark {

    private CallRateBenchmark() {
    }

    /**
     * Per-call INFO lines (B2BUA and ng, several per call) to the console through Maven cost more
     * than the call itself at hundreds of calls per second; {@code --call-log true} keeps them.
     */
    static void quietCallLog() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            ctx.getLogger("io.switchboard.signaling.call").setLevel(ch.qos.logback.classic.Level.WARN);
            ctx.getLogger("io.switchboard.media.ng").setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions o = BenchmarkOptions.parse(args, Map.ofEntries(Map.entry("rates", "100,200,400,800"),
                Map.entry("seconds", "10"), Map.entry("hold-ms", "0"), Map.entry("callers", "1000"),
                Map.entry("workers", "8"), Map.entry("event-loops", "1"), Map.entry("limit", "5000"),
                Map.entry("max-failed", "0.1"), Map.entry("keep", "false"), Map.entry("call-log", "false")));
        if (Sipp.executable().isEmpty()) {
            throw new IllegalStateException("sipp is not on the PATH (Debian/Ubuntu: apt-get install sip-tester)");
        }
        if (!o.bool("call-log")) {
            quietCallLog();
        }
        int[] rates = Arrays.stream(o.string("rates").split(",")).mapToInt(Integer::parseInt).toArray();
        int seconds = o.integer("seconds");
        Duration hold = Duration.ofMillis(o.integer("hold-ms"));
        double maxFailed = Double.parseDouble(o.string("max-failed"));
        long totalCalls = Arrays.stream(rates).asLongStream().map(r -> r * seconds).sum();
        Duration bound = Duration.ofSeconds(rates.length * (3L * seconds + hold.toSeconds() + 60));
        System.out.printf("call rate benchmark: rates %s calls/s, %d s each, hold %d ms, %d callers -> 1 callee, "
                        + "%s SIP workers, %s relay loop(s); good = failed <= %s %%; whole run bounded by %d s%n",
                o.string("rates"), seconds, hold.toMillis(), o.integer("callers"), o.string("workers"),
                o.string("event-loops"), maxFailed, bound.toSeconds());

        try (Scratch work = Scratch.create("switchboard-callrate-bench", o.bool("keep"));
             CallBench bench = CallBench.start(work.resolve("data"), o.integer("workers"));
             MediaServer media = LocalMedia.start("media-1", bench.server.hazelcast(), 10000, 29999,
                     work.resolve("media-data"), Map.of("media.event-loops", o.string("event-loops"),
                             "media.timeout", "60s"), System.out)) {
            System.out.printf("work dir %s%n", work.dir());
            bench.awaitMediaNodes(1, Duration.ofSeconds(20));
            var callers = bench.provision(work.dir(), o.integer("callers"));
            BenchSipp.Running callee = bench.startCallee(work.dir(), Sipp.freeLocalPort(io.switchboard.loadtest.SippTransport.UDP),
                    totalCalls, bound);
            List<String> rows = new ArrayList<>();
            String best = null;
            try {
                for (int i = 0; i < rates.length; i++) {
                    int rate = rates[i];
                    long calls = (long) rate * seconds;
                    long selfCpu0 = ProcStats.cpuMicros(ProcStats.selfPid());
                    long calleeCpu0 = ProcStats.cpuMicros(callee.pid());
                    BenchSipp.Running caller = bench.caller(work.resolve("caller-" + rate), callers, calls, rate,
                            o.integer("limit"), hold, Duration.ofSeconds(3L * seconds + hold.toSeconds() + 30)).start();
                    long callerCpu = 0;
                    SippResult r;
                    try {
                        while (caller.alive()) {
                            callerCpu = ProcStats.cpuMicros(caller.pid());
                            Thread.sleep(100);
                        }
                    } finally {
                        r = caller.await();
                    }
                    long selfCpu = ProcStats.cpuMicros(ProcStats.selfPid()) - selfCpu0;
                    long calleeCpu = ProcStats.cpuMicros(callee.pid()) - calleeCpu0;
                    int left = bench.awaitNoCalls(Duration.ofSeconds(10));
                    SippStatistics s = r.stats();
                    double failedPercent = 100.0 * s.failed() / Math.max(1, s.created());
                    double achieved = s.created() * 1000.0 / Math.max(1, s.elapsedMillis() - hold.toMillis());
                    String row = String.format("%5d cps offered: %6d calls, %6d ok, %4d failed (%.3f %%), achieved %6.0f cps, "
                                    + "%5d retransmissions; setup %s; CPU per call: this JVM %.0f us, caller SIPp >= %.0f us, "
                                    + "callee SIPp %.0f us; calls left in B2BUA %d%s",
                            rate, s.created(), s.successful(), s.failed(), failedPercent, achieved, s.retransmissions(),
                            CallBench.percentiles(caller.setupTimes()), selfCpu / (double) Math.max(1, s.created()),
                            callerCpu / (double) Math.max(1, s.created()), calleeCpu / (double) Math.max(1, s.created()), left,
                            r.timedOut() ? "  <- TIMED OUT" : "");
                    System.out.println(row);
                    rows.add(row);
                    if (failedPercent > maxFailed || achieved < 0.9 * rate || r.timedOut() || s.created() < calls) {
                        System.out.printf("  step failed (failed > %s %%, < 90 %% of the rate, or incomplete): stopping%n%s%n",
                                maxFailed, r.errors().isEmpty() ? "" : "  first unexpected messages: "
                                        + r.errors().substring(0, Math.min(600, r.errors().length())));
                        break;
                    }
                    best = String.format("%d calls/s offered (%.0f achieved) with %.3f %% failed; setup %s",
                            rate, achieved, failedPercent, CallBench.percentiles(caller.setupTimes()));
                }
            } finally {
                callee.destroy();
            }
            System.out.println("summary:");
            rows.forEach(row -> System.out.println("  " + row));
            System.out.println("RESULT: " + (best == null ? "no step met the bound" : best));
        }
    }
}
