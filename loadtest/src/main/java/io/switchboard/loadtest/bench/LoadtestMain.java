package io.switchboard.loadtest.bench;

import io.switchboard.loadtest.BenchmarkOptions;
import io.switchboard.loadtest.Scratch;
import io.switchboard.loadtest.Sipp;
import io.switchboard.loadtest.report.Machine;
import io.switchboard.loadtest.report.Report;
import io.switchboard.loadtest.report.TerminalSummary;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code switchboard loadtest <scenario> [--option value ...] [--compare]}.
 *
 * <pre>
 * mvn -q -pl loadtest exec:java -Dexec.mainClass=io.switchboard.loadtest.bench.LoadtestMain \
 *     -Dexec.args="register --users 2000"
 * </pre>
 *
 * Scenarios: {@code register}, {@code calls} ({@code --mode concurrent} for held calls),
 * {@code concurrent}, {@code media}, {@code queue} (callers waiting on a queue node, then agents
 * answering), {@code meeting} (one conference room on a meeting node, or two cascaded ones,
 * participants joining in steps), {@code all} (register, calls, media). Everything runs on
 * 127.0.0.1 against servers this process starts (signaling and a media node in this JVM; media
 * processes of their own where a scenario needs them) and stops at the end. Every step is bounded
 * in calls and in time, and the whole run by {@code --time-limit} seconds. Writes
 * {@code <--out>/<timestamp>/report.json} and {@code report.html} (after each scenario, so a failed
 * run keeps what it measured) and prints a summary table.
 */
public final class LoadtestMain {
    static final List<String> SCENARIOS = List.of("register", "calls", "concurrent", "media", "queue", MeetingBenchmark.NAME,
            UpgradeBenchmark.NAME, FailoverBenchmark.NAME, TrunkBenchmark.NAME, "all");

    /** Every option with its default; names as on the command line without the dashes. */
    static final Map<String, String> DEFAULTS = defaults();

    /** How a run ended: the report directory (null if none was written) and the exit code. */
    public record Result(Path reportDir, int exitCode, Report report) {
    }

    private LoadtestMain() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        // register
        d.put("users", "50000");
        d.put("sipp", "2");
        d.put("register-rates", "500,1000,2000,4000,8000,16000");
        d.put("step-seconds", "10");
        d.put("storm-rate", "3000");
        d.put("register-transport", "udp");
        d.put("tls-port", "5061");
        d.put("storm-timeout", "300");
        d.put("server-heap", "2g");
        d.put("server-jfr", "");
        d.put("server-jvm-options", "");
        // register against a running server on 127.0.0.1 instead of an in-process one (0: start one)
        d.put("sip-port", "0");
        d.put("http-port", "8080");
        d.put("admin-password", "");
        d.put("target-pid", "0");
        // calls
        d.put("mode", "rate");
        d.put("rates", "100,200,400,800,1600");
        d.put("seconds", "10");
        d.put("hold-ms", "0");
        d.put("callers", "1000");
        d.put("call-warmup", "3000");
        d.put("limit", "5000");
        // concurrent
        d.put("calls", "10000");
        d.put("rate", "250");
        d.put("plateau", "20");
        d.put("media-nodes", "2");
        d.put("max-sessions", "5000");
        // media
        d.put("media-steps", "100,250,500,1000,1500,2000,3000");
        d.put("warmup", "2");
        d.put("measure", "10");
        d.put("jit", "5");
        d.put("event-loops", "2");
        d.put("ceiling-sessions", "2000");
        d.put("media-heap", "512m");
        d.put("media-srtp", "false");
        // all
        d.put("workers", "8");
        d.put("out", "loadtest-report");
        d.put("time-limit", "3600");
        d.put("keep", "false");
        return Map.copyOf(d);
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args).exitCode();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            code = 2;
        }
        System.exit(code);
    }

    static String usage() {
        return """
                usage: switchboard loadtest <register|calls|concurrent|media|queue|meeting|upgrade|failover|trunks|all> [--option value ...] [--compare]
                  register    --users 50000 --sipp 2 --register-rates 500,1000,... --step-seconds 10 --storm-rate 3000
                              --register-transport udp (tcp: SIPp over one TCP connection each; tls: the same through a
                              local stunnel client per SIPp to signaling's TLS port, stunnel4 needed)
                              --server-heap 2g (signaling runs in a JVM of its own; its CPU alone is measured)
                              --server-jfr FILE (a JFR profile of that JVM, settings=profile)
                              --server-jvm-options "..." (more options for that JVM, e.g. a profiler's -agentpath)
                              [--sip-port P --http-port H --admin-password X [--target-pid PID]]: a running server on 127.0.0.1
                  calls       --rates 100,200,400,800,1600 --seconds 10 --callers 1000 --call-warmup 3000 [--mode concurrent]
                  concurrent  --calls 10000 --rate 250 --plateau 20 --media-nodes 2 --max-sessions 5000
                  media       --media-steps 100,250,...,3000 --warmup 2 --measure 10 --ceiling-sessions 2000
                              --media-srtp false (true: every caller leg on SDES-SRTP, one transform per packet)
                  queue       --callers 500 --agents 20 --answer-rate 10 --seconds 30 --warmup 10 --caller-rate 50
                              --caller-audio true --call-warmup 50 --queue-heap 512m (queue node in a JVM of its own)
                  meeting     --steps 100,250,500,1000 --talkers 3 --listeners-send true --join-rate 100 --warmup 5
                              --measure 10 --event-loops 1 --node-heap 1g --shared-port true --nodes 1 (one room, meeting node in a JVM
                              of its own; --nodes 2: the room on two cascaded nodes, participants half on each)
                  upgrade     --calls-per-server 500 --hold 20 --rate 50 --archive dist/target/switchboard-dist.tar.gz
                              (a rolling extend upgrade of two media servers in network namespaces while they carry
                              calls; root needed; counts dropped calls)
                  failover    --phones 200 --kills 20 --freezes 5 --calls 20 --partitions 1 (the signaling HA pair in
                              network namespaces with keepalived: outage p50/p99/max of kill -9 and SIGSTOP of the active
                              with calls up, registrations, calls and CDRs lost, partitions of the pair; root and
                              keepalived needed)
                  trunks      --trunk-rates 50,100,200,400 --seconds 10 --hold-ms 1000 --callers 500 (call set-ups over
                              SIP trunks with media: out through a route whose first trunk answers 503 to everything,
                              so every call fails over; in from an IP trunk's DID to an extension)
                  all         register, calls and media in turn
                  common      --out loadtest-report --time-limit 3600 (seconds, whole run) --keep false --workers 8
                  --compare   runs the same scenario against Kamailio / rtpengine and reports figure, peer figure, ratio""";
    }

    /** Parses and runs; throws IllegalArgumentException for a bad command line. */
    public static Result run(String[] args) {
        if (args.length == 0 || !SCENARIOS.contains(args[0])) {
            throw new IllegalArgumentException(args.length == 0 ? "no scenario given" : "unknown scenario '" + args[0] + "'");
        }
        String scenario = args[0];
        boolean compare = false;
        List<String> rest = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if ("--compare".equals(args[i])) {
                compare = true;
            } else {
                rest.add(args[i]);
            }
        }
        BenchmarkOptions o = BenchmarkOptions.parse(rest.toArray(String[]::new),
                switch (scenario) {
                    case QueueScenario.NAME -> QueueScenario.defaults(DEFAULTS);
                    case MeetingBenchmark.NAME -> MeetingBenchmark.defaults(DEFAULTS);
                    case UpgradeBenchmark.NAME -> UpgradeBenchmark.defaults(DEFAULTS);
                    case FailoverBenchmark.NAME -> FailoverBenchmark.defaults(DEFAULTS);
                    case TrunkBenchmark.NAME -> TrunkBenchmark.defaults(DEFAULTS);
                    default -> DEFAULTS;
                });
        quietServers();
        List<String> plan = switch (scenario) {
            case "all" -> List.of(RegisterScenario.NAME, CallsScenario.NAME, MediaScenario.NAME);
            case "calls" -> List.of("concurrent".equals(o.string("mode")) ? CallsScenario.CONCURRENT : CallsScenario.NAME);
            default -> List.of(scenario);
        };
        return execute(o, plan, compare, TerminalSummary.console());
    }

    /** The servers' INFO lines would break the progress bar; their warnings still show. */
    private static void quietServers() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            ctx.getLogger("io.switchboard").setLevel(ch.qos.logback.classic.Level.WARN);
            ctx.getLogger("com.hazelcast").setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    static Result execute(BenchmarkOptions o, List<String> plan, boolean compare, TerminalSummary terminal) {
        Report report = new Report();
        report.startedAt = OffsetDateTime.now().toString();
        report.scenarios.addAll(plan);
        report.parameters.put("compare", compare);
        report.parameters.put("time_limit_seconds", o.integer("time-limit"));
        report.parameters.put("sip_workers", o.integer("workers"));
        report.parameters.put("address", Sipp.LOOPBACK);
        report.machine = Machine.describe(Map.of());
        Path out = Path.of(o.string("out"), LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        // The media and meeting scenarios bring their own RTP and SIP sides; the others drive SIPp.
        if (Sipp.executable().isEmpty() && plan.stream().anyMatch(s -> !s.equals(MediaScenario.NAME) && !s.equals(MeetingBenchmark.NAME))) {
            terminal.println("sipp is not on the PATH (Debian/Ubuntu: apt-get install sip-tester)");
            return new Result(null, 3, report);
        }
        int code = 0;
        try (Scratch work = Scratch.create("switchboard-loadtest", o.bool("keep"))) {
            RunContext c = new RunContext(o, report, terminal, work.dir(), o.integer("time-limit"));
            terminal.println("loadtest " + String.join(", ", plan) + "; work dir " + work.dir() + "; report " + out);
            try {
                for (String s : plan) {
                    try {
                        switch (s) {
                            case RegisterScenario.NAME -> RegisterScenario.run(c);
                            case CallsScenario.NAME -> CallsScenario.runRate(c);
                            case CallsScenario.CONCURRENT -> CallsScenario.runConcurrent(c);
                            case MediaScenario.NAME -> MediaScenario.run(c);
                            case QueueScenario.NAME -> QueueScenario.run(c);
                            case MeetingBenchmark.NAME -> MeetingBenchmark.run(c);
                            case UpgradeBenchmark.NAME -> UpgradeBenchmark.run(c);
                            case FailoverBenchmark.NAME -> FailoverBenchmark.run(c);
                            case TrunkBenchmark.NAME -> TrunkBenchmark.run(c);
                            default -> throw new IllegalArgumentException(s);
                        }
                        if (compare) {
                            Comparison.run(c, s);
                        }
                    } catch (Exception e) {
                        code = 1;
                        terminal.endBar();
                        report.note(s + " did not complete: " + e);
                        terminal.println(s + " did not complete: " + e);
                    }
                    report.finishedAt = OffsetDateTime.now().toString();
                    report.write(out);
                }
            } finally {
                c.sampler.close();
            }
            report.finishedAt = OffsetDateTime.now().toString();
            report.write(out);
        } catch (Exception e) {
            terminal.println("loadtest failed: " + e);
            return new Result(null, 1, report);
        }
        terminal.summary(report);
        terminal.println("report: " + out.resolve("report.html").toAbsolutePath());
        return new Result(out, code, report);
    }
}
