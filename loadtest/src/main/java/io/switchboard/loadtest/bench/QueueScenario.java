package io.switchboard.loadtest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.loadtest.AdminClient;
import io.switchboard.loadtest.Sipp;
import io.switchboard.loadtest.SippResult;
import io.switchboard.loadtest.SippStatistics;
import io.switchboard.loadtest.SippTransport;
import io.switchboard.loadtest.UserCsv;
import io.switchboard.loadtest.report.Latencies;
import io.switchboard.signaling.directory.ImportReport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * {@code queue}: one queue node holding callers who wait hearing music on hold, then agents taking
 * them. Signaling runs in this JVM (as for {@code calls}); the media node and the queue node run in
 * JVMs of their own ({@link MediaProcess}, {@link QueueNodeMain}), so the queue node's CPU is its
 * process's alone (/proc utime + stime, every thread: RTP, SIP, timers, GC, JIT).
 *
 * <ol>
 * <li>Provisions {@code --callers} callers and {@code --agents} agents, one round-robin queue
 * ({@value #QUEUE}, number {@value #NUMBER}, no greeting, no announcements, no wrap-up, no auto-pause:
 * an offer that fails on the way must not take an agent out) with every agent a member; the agents
 * are registered (one SIPp port for all) and logged in. {@code --call-warmup} calls go through the
 * whole path first, answered at once and not measured (three fresh JVMs compile it); then the agents
 * are paused, so the queue rings nobody and callers accumulate.</li>
 * <li>Places the callers with SIPp ({@code sipp/bench/queue-caller.xml}, {@code --caller-rate}/s);
 * each caller's SDP names a socket of {@link QueueCallerRtp}, which hears the music on hold relayed
 * by the media node and (with {@code --caller-audio true}) answers each packet with one of its own.</li>
 * <li>After {@code --warmup} s, measures {@code --seconds} s with every caller waiting: per caller
 * the arrival interval of the music packets; a caller is held when its p99 |interval - 20 ms| is
 * at most {@value #BOUND_MS} ms and it received at least {@value #MIN_RECEIVED_PCT} % of the window's
 * packets. Also the queue node's CPU over the window per waiting caller-second.</li>
 * <li>Starts the agents' SIPp ({@code sipp/bench/queue-agent.xml}: answer at once, take the join's
 * re-INVITE, stream a marked PCMU file, hang up after {@code --agents / --answer-rate} s) and
 * unpauses them: the offered answer rate is {@code --answer-rate}/s less the time an agent spends
 * between calls. Measures answered calls per second (the agents' 200 OKs), callers lost (their call
 * ended without an agent; callers still waiting when a bound stops the run are counted apart), the
 * agents' idle time between calls, the queue node's missed offers, and the agent-connect time: the agent's 200 OK (SIPp's log, wall clock) to
 * the first packet of the agent's stream at the caller's socket (this JVM's wall clock), and to the
 * join's re-INVITE at the agent.</li>
 * </ol>
 * Loopback only; every SIPp run is bounded by {@code -m} and a wall-clock timeout, every wait by a
 * deadline, the whole by {@code --time-limit}; the nodes stop through their own process handles.
 */
final class QueueScenario {
    static final String NAME = "queue";
    static final String QUEUE = "bench";
    static final String NUMBER = "7000";
    static final long FIRST_CALLER = 100_000;
    static final long FIRST_AGENT = 300_000;
    static final double BOUND_MS = 5;
    static final int MIN_RECEIVED_PCT = 95;
    static final String GOAL = "goal: 2,000 callers on one node";
    /** Relay ports of the media node, and RTP ports of the queue node: apart, below the ephemeral range. */
    static final int MEDIA_PORT_MIN = 10000;
    static final int MEDIA_PORT_MAX = 25999;
    static final int QUEUE_PORT_MIN = 26000;
    static final int QUEUE_PORT_MAX = 31999;
    static final int CALLER_MEDIA_PORT = 6000;
    static final int AGENT_MEDIA_PORT = 6100;
    static final int STALL_SECONDS = 30;
    static final int GRACE_SECONDS = 10;

    private QueueScenario() {
    }

    /** The common options with this scenario's own defaults over them. */
    static Map<String, String> defaults(Map<String, String> common) {
        Map<String, String> d = new LinkedHashMap<>(common);
        d.put("callers", "500");
        d.put("agents", "20");
        d.put("answer-rate", "10");
        d.put("seconds", "30");
        d.put("warmup", "10");
        d.put("caller-rate", "50");
        d.put("caller-audio", "true");
        d.put("queue-heap", "512m");
        d.put("call-warmup", "50");
        return Map.copyOf(d);
    }

    static void run(RunContext c) throws Exception {
        CallsScenario.quietCallLog();
        int callers = c.options.integer("callers");
        int agents = c.options.integer("agents");
        double answerRate = Double.parseDouble(c.options.string("answer-rate"));
        int seconds = c.options.integer("seconds");
        int warmup = c.options.integer("warmup");
        int callerRate = c.options.integer("caller-rate");
        boolean echo = c.options.bool("caller-audio");
        int queuePairs = (QUEUE_PORT_MAX - QUEUE_PORT_MIN + 1) / 2;
        if (callers < 1 || agents < 1 || answerRate <= 0 || seconds < 1 || callerRate < 1) {
            throw new IllegalArgumentException("queue: --callers, --agents, --answer-rate, --seconds and --caller-rate must be positive");
        }
        if (callers + agents + 50 > queuePairs) {
            throw new IllegalArgumentException("queue: at most " + (queuePairs - agents - 50) + " callers with " + agents
                    + " agents: the queue node's RTP ports " + QUEUE_PORT_MIN + "-" + QUEUE_PORT_MAX + " hold " + queuePairs + " pairs");
        }
        long holdMs = Math.round(1000.0 * agents / answerRate);
        long rampSeconds = (callers + callerRate - 1) / callerRate + 30;
        long answerSeconds = Math.max(120, 4 * (long) Math.ceil(callers / answerRate) + 60);
        c.report.parameters.put("queue.callers", callers);
        c.report.parameters.put("queue.agents", agents);
        c.report.parameters.put("queue.answer_rate", answerRate);
        c.report.parameters.put("queue.agent_hold_ms", holdMs);
        c.report.parameters.put("queue.plateau_seconds", seconds);
        c.report.parameters.put("queue.warmup_seconds", warmup);
        c.report.parameters.put("queue.caller_rate", callerRate);
        c.report.parameters.put("queue.caller_audio", echo);
        c.report.parameters.put("queue.pacing_bound_ms", BOUND_MS);
        c.terminal.println(String.format(Locale.ROOT, "queue: %d callers wait in queue %s (%s, round-robin) for %d paused agents; "
                        + "%d s measured with all waiting; then the agents answer, each holding a call %d ms (offered %s/s); "
                        + "held = p99 |interval - 20 ms| <= %.0f ms and >= %d %% of packets; %s", callers, QUEUE, NUMBER, agents,
                seconds, holdMs, fmt(answerRate), BOUND_MS, MIN_RECEIVED_PCT, GOAL));
        Path dir = c.work.resolve(NAME);
        try (PrintStream log = c.log("queue-signaling.log");
             CallBench bench = CallBench.start(dir.resolve("data"), c.options.integer("workers"), log)) {
            MediaProcess media = null;
            NodeChild queue = null;
            QueueCallerRtp rtp = null;
            BenchSipp.Running callerSipp = null;
            BenchSipp.Running agentSipp = null;
            try {
                media = startMedia(c, bench, dir, callers + agents + 50);
                c.sampler.process("media node", media.pid());
                queue = startQueue(c, bench, dir, callers + agents + 50);
                c.sampler.process("queue node", queue.pid());
                bench.awaitMediaNodes(1, Duration.ofSeconds(60));
                awaitOnline(bench.admin, "queue", Duration.ofSeconds(60));
                provision(bench, dir, callers, agents);
                createQueue(bench.admin, agents, callers);
                int agentPort = Sipp.freeLocalPort(SippTransport.UDP);
                registerAgents(bench, dir, agentPort, agents);
                for (int i = 0; i < agents; i++) {
                    bench.admin.postJson("/api/agents/" + (FIRST_AGENT + i) + "/login", "{}");
                }
                awaitHosted(bench.admin, Duration.ofSeconds(30));
                warmUp(c, bench, dir, agentPort, Math.min(callers, c.options.integer("call-warmup")), echo);
                for (int i = 0; i < agents; i++) {
                    bench.admin.postJson("/api/agents/" + (FIRST_AGENT + i) + "/pause", "{\"reason\":\"benchmark: callers accumulate\"}");
                }

                rtp = new QueueCallerRtp(callers, echo, BOUND_MS);
                QueueCallerRtp ears = rtp;
                c.sampler.gauge("queue-waiting", "queue: callers over time", "callers", () -> {
                    Map<String, Double> m = new LinkedHashMap<>();
                    JsonNode stats = bench.admin.getJson("/api/queues/" + QUEUE + "/stats");
                    m.put("waiting (queue stats)", stats.path("waiting").asDouble());
                    for (JsonNode a : bench.admin.getJson("/api/agents").path("items")) {
                        m.merge("agents " + a.path("status").asText(), 1.0, Double::sum);
                    }
                    m.put("hearing music (receiver)", (double) ears.hearingMusic());
                    m.put("joined to an agent (receiver)", (double) ears.hearingAgent());
                    return m;
                });
                Path inf = callerInjection(dir.resolve("callers.csv"), rtp);
                Duration callerBound = Duration.ofSeconds(Math.min(c.secondsLeft(),
                        rampSeconds + warmup + seconds + answerSeconds + 60));
                callerSipp = BenchSipp.of("queue-caller.xml", bench.server.sipPort(), dir.resolve("caller"))
                        .args("-inf", inf.toString(), "-key", "queue", NUMBER, "-m", Integer.toString(callers),
                                "-r", Integer.toString(callerRate), "-rp", "1000", "-l", Integer.toString(callers),
                                "-mi", "127.0.0.1", "-mp", Integer.toString(CALLER_MEDIA_PORT))
                        .timeout(callerBound).start();
                c.sampler.process("sipp callers", callerSipp.pid());

                // 1. Callers join and hear music.
                c.checkDeadline("queue callers");
                long deadline = System.nanoTime() + Duration.ofSeconds(Math.min(c.secondsLeft(), rampSeconds)).toNanos();
                long t0 = System.nanoTime();
                try {
                    while (rtp.hearingMusic() < callers && callerSipp.alive() && System.nanoTime() < deadline) {
                        SippStatistics s = callerSipp.stats();
                        c.terminal.progress("queue: " + callers + " callers joining", rtp.hearingMusic() / (double) callers,
                                "hearing music " + rtp.hearingMusic() + "  placed " + s.created() + "  failed " + s.failed());
                        Thread.sleep(500);
                    }
                } finally {
                    c.terminal.endBar();
                }
                int joined = rtp.hearingMusic();
                SippStatistics afterRamp = callerSipp.stats();
                c.terminal.println(String.format(Locale.ROOT, "queue: %d of %d callers hear music on hold after %.1f s (%d failed at SIPp)",
                        joined, callers, (System.nanoTime() - t0) / 1e9, afterRamp.failed()));
                if (joined == 0) {
                    throw new IllegalStateException("no caller heard music on hold; see " + dir + " (caller/, queue-node.log)");
                }
                if (joined < callers) {
                    c.report.note(String.format("queue: only %d of %d callers heard music on hold within %d s; the plateau measures them",
                            joined, callers, rampSeconds));
                }

                // 2. The waiting plateau: pacing at the callers, CPU of the queue node.
                c.checkDeadline("queue plateau");
                Thread.sleep(warmup * 1000L);
                Plateau p = plateau(c, queue, media, rtp, callerSipp, seconds);
                reportPlateau(c, p, callers, queue.pid());

                // 3. The agents answer.
                c.checkDeadline("queue answering");
                Path agentDir = dir.resolve("agent");
                Files.createDirectories(agentDir);
                Files.write(agentDir.resolve("agent.ulaw"), QueueCallerRtp.agentAudio(2));
                Path agentLog = agentDir.resolve("agent-events.log");
                agentSipp = BenchSipp.of("queue-agent.xml", bench.server.sipPort(), agentDir)
                        .args("-p", Integer.toString(agentPort), "-m", Integer.toString(joined), "-d", Long.toString(holdMs),
                                "-mi", "127.0.0.1", "-mp", Integer.toString(AGENT_MEDIA_PORT),
                                "-trace_logs", "-log_file", agentLog.toString())
                        .timeout(Duration.ofSeconds(Math.min(c.secondsLeft(), answerSeconds + 30))).start();
                c.sampler.process("sipp agents", agentSipp.pid());
                awaitBound(agentPort, agentSipp, Duration.ofSeconds(10));
                JsonNode before = bench.admin.getJson("/api/queues/" + QUEUE + "/stats");
                Map<String, Double> queueMetrics0 = Prometheus.scrape(queue.httpPort, null);
                long answerStart = System.nanoTime();
                for (int i = 0; i < agents; i++) {
                    bench.admin.postJson("/api/agents/" + (FIRST_AGENT + i) + "/unpause", "");
                }
                deadline = System.nanoTime() + Duration.ofSeconds(Math.min(c.secondsLeft(), answerSeconds)).toNanos();
                String stopped;
                try {
                    BenchSipp.Running agentRun = agentSipp;
                    QueueCallerRtp heard = rtp;
                    stopped = awaitCallers(callerSipp, agentRun, deadline, s -> c.terminal.progress("queue: agents answering",
                            heard.hearingAgent() / (double) Math.max(1, joined), "joined " + heard.hearingAgent() + "/" + joined
                                    + "  calls ended " + s.successful() + "  failed " + s.failed()),
                            () -> heard.hearingAgent());
                } finally {
                    c.terminal.endBar();
                }
                boolean callersDone = stopped == null;
                double answerWall = (System.nanoTime() - answerStart) / 1e9;
                int stillWaiting = callersDone ? 0 : rtp.stillWaiting(System.nanoTime() - 1_000_000_000L);
                if (!callersDone) {
                    callerSipp.destroy();
                    c.report.note("queue: caller SIPp stopped with callers still in calls: " + stopped);
                    c.terminal.println("queue: caller SIPp stopped with callers still in calls: " + stopped);
                }
                SippResult callerResult = callerSipp.await();
                long agentWait = System.nanoTime() + 10_000_000_000L;
                while (agentSipp.alive() && System.nanoTime() < agentWait) {
                    Thread.sleep(200);
                }
                SippResult agentResult = agentSipp.alive() ? null : agentSipp.await();
                if (agentResult == null) {
                    agentSipp.destroy();
                    agentResult = agentSipp.await();
                }
                Thread.sleep(1500); // the queue node publishes its statistics once a second
                JsonNode after = bench.admin.getJson("/api/queues/" + QUEUE + "/stats");
                reportAnswering(c, rtp, agentLog, callerResult, agentResult, before, after, callers, stillWaiting, answerRate,
                        answerWall, callersDone);
                Map<String, Double> queueMetrics = Prometheus.scrape(queue.httpPort, null);
                double offers = counter(queueMetrics, "switchboard_queue_agent_offers") - counter(queueMetrics0, "switchboard_queue_agent_offers");
                double missed = counter(queueMetrics, "switchboard_queue_agent_missed") - counter(queueMetrics0, "switchboard_queue_agent_missed");
                c.report.figure(NAME, "offers_missed", missed, "offers",
                        "agent offers that did not reach an answer (the agents answer at once, so each is a failure on the way: "
                                + "signaling, media node, timeouts); the queue's autoPauseMisses is 0 so that none pauses an agent");
                c.report.note(String.format(Locale.ROOT, "queue answering: the queue node made %.0f offers, %.0f missed", offers, missed));
                Latencies.add(c.report, NAME, "caller INVITE->200 (queue node answers)", "queue-setup",
                        "queue: caller setup time (first INVITE to the queue node's 200, incl. 407)", callerSipp.setupTimes());
                c.sippSeries(NAME, "callers", List.of(callerSipp.workDir().resolve("stat.csv")));
                int left = bench.awaitNoCalls(Duration.ofSeconds(15));
                c.report.figure(NAME, "calls_left_after_run", left, "calls", "calls still in the B2BUA 15 s after the last BYE");
            } finally {
                c.terminal.endBar();
                if (callerSipp != null && callerSipp.alive()) {
                    callerSipp.destroy();
                }
                if (agentSipp != null && agentSipp.alive()) {
                    agentSipp.destroy();
                }
                c.sampler.forget("sipp callers");
                c.sampler.forget("sipp agents");
                c.sampler.forget("queue node");
                c.sampler.forget("media node");
                c.sampler.clearGauges();
                if (rtp != null) {
                    rtp.close();
                }
                // Signaling would warn that the queue node went offline: here that is the benchmark ending.
                if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
                    ctx.getLogger("io.switchboard.signaling.queue.QueueNodeWatch").setLevel(ch.qos.logback.classic.Level.ERROR);
                }
                if (queue != null) {
                    queue.close();
                }
                if (media != null) {
                    media.close();
                }
            }
        }
    }

    // ---- the warm-up ----

    /**
     * Calls that are not measured, through the whole path (queue, music, agent, join, hang-up), so
     * three fresh JVMs have compiled it before the measured callers come: the agents are available,
     * answer at once and hang up after 200 ms.
     */
    private static void warmUp(RunContext c, CallBench bench, Path dir, int agentPort, int calls, boolean echo) throws Exception {
        if (calls <= 0) {
            return;
        }
        c.checkDeadline("queue warm-up");
        Path agentDir = dir.resolve("agent-warmup");
        Files.createDirectories(agentDir);
        Files.write(agentDir.resolve("agent.ulaw"), QueueCallerRtp.agentAudio(2));
        Duration bound = Duration.ofSeconds(Math.min(c.secondsLeft(), 90));
        try (QueueCallerRtp rtp = new QueueCallerRtp(calls, echo, BOUND_MS)) {
            BenchSipp.Running agent = BenchSipp.of("queue-agent.xml", bench.server.sipPort(), agentDir)
                    .args("-p", Integer.toString(agentPort), "-m", Integer.toString(calls), "-d", "200",
                            "-mi", "127.0.0.1", "-mp", Integer.toString(AGENT_MEDIA_PORT),
                            "-trace_logs", "-log_file", agentDir.resolve("agent-events.log").toString())
                    .timeout(bound.plusSeconds(10)).start();
            BenchSipp.Running caller = null;
            try {
                awaitBound(agentPort, agent, Duration.ofSeconds(10));
                caller = BenchSipp.of("queue-caller.xml", bench.server.sipPort(), dir.resolve("caller-warmup"))
                        .args("-inf", callerInjection(dir.resolve("callers-warmup.csv"), rtp).toString(), "-key", "queue", NUMBER,
                                "-m", Integer.toString(calls), "-r", "10", "-rp", "1000", "-l", Integer.toString(calls),
                                "-mi", "127.0.0.1", "-mp", Integer.toString(CALLER_MEDIA_PORT))
                        .timeout(bound).start();
                String stopped;
                try {
                    stopped = awaitCallers(caller, agent, System.nanoTime() + bound.toNanos(), s -> c.terminal.progress(
                            "queue: warm-up " + calls + " calls (not measured)", (s.successful() + s.failed()) / (double) calls,
                            "ok " + s.successful() + "  failed " + s.failed()), rtp::hearingAgent);
                } finally {
                    c.terminal.endBar();
                }
                if (stopped != null) {
                    caller.destroy();
                }
                SippStatistics s = caller.await().stats();
                c.report.note(String.format(Locale.ROOT, "queue warm-up (not measured): %d calls answered by the agents at once, "
                        + "%d ok, %d failed, %d heard their agent%s", calls, s.successful(), s.failed(), rtp.hearingAgent(),
                        stopped == null ? "" : "; caller SIPp stopped with callers still in calls: " + stopped));
            } finally {
                if (caller != null && caller.alive()) {
                    caller.destroy();
                }
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (agent.alive() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                if (agent.alive()) {
                    agent.destroy();
                }
            }
        }
        int left = bench.awaitNoCalls(Duration.ofSeconds(10));
        int waiting = bench.admin.getJson("/api/queues/" + QUEUE + "/stats").path("waiting").asInt();
        if (left > 0 || waiting > 0) {
            c.report.note("queue warm-up left " + left + " calls in the B2BUA and " + waiting + " callers in the queue");
        }
    }

    /**
     * Waits for the callers' SIPp to end, drawing progress; returns null when it ended, else why it
     * was given up: the deadline, no progress for {@value #STALL_SECONDS} s, or the agents' SIPp done
     * for {@value #GRACE_SECONDS} s while callers still wait for their BYE.
     */
    private static String awaitCallers(BenchSipp.Running callers, BenchSipp.Running agents, long deadline,
                                       java.util.function.Consumer<SippStatistics> progress,
                                       java.util.function.IntSupplier heard) throws InterruptedException {
        long lastCount = -1;
        long lastChange = System.nanoTime();
        long agentsDone = 0;
        while (callers.alive()) {
            long now = System.nanoTime();
            SippStatistics s = callers.stats();
            progress.accept(s);
            long count = s.successful() + s.failed() + heard.getAsInt();
            if (count != lastCount) {
                lastCount = count;
                lastChange = now;
            }
            if (agentsDone == 0 && !agents.alive()) {
                agentsDone = now;
            }
            if (now > deadline) {
                return "time bound reached";
            }
            if (now - lastChange > STALL_SECONDS * 1_000_000_000L) {
                return "no progress for " + STALL_SECONDS + " s";
            }
            if (agentsDone != 0 && now - agentsDone > GRACE_SECONDS * 1_000_000_000L) {
                return "the agents' SIPp ended (every call it answered hung up) " + GRACE_SECONDS + " s before";
            }
            Thread.sleep(500);
        }
        return null;
    }

    // ---- the plateau ----

    /** What the waiting plateau measured. */
    private record Plateau(QueueCallerRtp.Window window, List<QueueCallerRtp.Ear> ears, int waiting, long queueCpuMicros,
                           long mediaCpuMicros, long selfCpuMicros, long sippCpuMicros, long machineBusyMicros,
                           Map<String, long[]> queueThreads, QueueCallerRtp.Ear control, Map<String, Long> udp) {
    }

    private static Plateau plateau(RunContext c, NodeChild queue, MediaProcess media, QueueCallerRtp rtp,
                                   BenchSipp.Running callerSipp, int seconds) throws Exception {
        int waiting = rtp.hearingMusic();
        Map<String, long[]> threads0 = ProcStats.threadCpuMicros(queue.pid());
        long queue0 = ProcStats.cpuMicros(queue.pid());
        long media0 = ProcStats.cpuMicros(media.pid());
        long self0 = ProcStats.cpuMicros(ProcStats.selfPid());
        long sipp0 = callerSipp.alive() ? ProcStats.cpuMicros(callerSipp.pid()) : 0;
        long machine0 = machineBusyMicros();
        Map<String, Long> udp0 = Prometheus.udpCounters();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        rtp.open(start, end);
        try {
            for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                c.terminal.progress("queue: " + waiting + " callers waiting", (now - start) / (double) (end - start),
                        "measuring pacing and queue node CPU");
                Thread.sleep(Math.max(1, Math.min(1000, (end - now) / 1_000_000)));
            }
        } finally {
            c.terminal.endBar();
        }
        long queueCpu = ProcStats.cpuMicros(queue.pid()) - queue0;
        long mediaCpu = ProcStats.cpuMicros(media.pid()) - media0;
        long selfCpu = ProcStats.cpuMicros(ProcStats.selfPid()) - self0;
        long sippCpu = callerSipp.alive() ? ProcStats.cpuMicros(callerSipp.pid()) - sipp0 : 0;
        long machineBusy = machineBusyMicros() - machine0;
        Map<String, Long> udp = Prometheus.udpCounters();
        Map<String, Long> udpDelta = new LinkedHashMap<>();
        for (String k : List.of("InDatagrams", "OutDatagrams", "RcvbufErrors", "SndbufErrors", "InErrors")) {
            udpDelta.put(k, udp.getOrDefault(k, 0L) - udp0.getOrDefault(k, 0L));
        }
        Map<String, long[]> threads = diff(threads0, ProcStats.threadCpuMicros(queue.pid()));
        Thread.sleep(100);
        QueueCallerRtp.Window w = rtp.closeWindow();
        if (!queue.alive()) {
            throw new IllegalStateException("the queue node died; see " + queue.log);
        }
        return new Plateau(w, rtp.ears(), waiting, queueCpu, mediaCpu, selfCpu, sippCpu, machineBusy, threads, rtp.control(), udpDelta);
    }

    private static void reportPlateau(RunContext c, Plateau p, int callers, long queuePid) {
        QueueCallerRtp.Window w = p.window();
        double windowS = w.micros() / 1e6;
        long expectedPerCaller = w.micros() / QueueCallerRtp.PTIME_MICROS;
        int held = 0;
        int measured = 0;
        List<Double> p99s = new ArrayList<>();
        for (QueueCallerRtp.Ear e : p.ears()) {
            if (e.windowPackets == 0) {
                continue;
            }
            measured++;
            p99s.add(e.p99Ms());
            boolean paced = e.windowIntervals > 0 && e.windowOverBound <= e.windowIntervals / 100;
            boolean complete = e.windowPackets * 100 >= expectedPerCaller * MIN_RECEIVED_PCT;
            if (paced && complete) {
                held++;
            }
        }
        double[] sorted = p99s.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        long expected = (long) p.waiting() * expectedPerCaller;
        double queueCorePct = 100.0 * p.queueCpuMicros() / w.micros();
        double usPerCallerSecond = p.queueCpuMicros() / Math.max(1e-9, (double) Math.max(1, p.waiting()) * windowS);
        long ours = p.queueCpuMicros() + p.mediaCpuMicros() + p.selfCpuMicros() + p.sippCpuMicros();
        double othersPct = 100.0 * Math.max(0, p.machineBusyMicros() - ours) / w.micros();
        c.report.figure(NAME, "callers_waiting", p.waiting(), "callers",
                "callers hearing music on hold when the plateau began (of " + callers + " placed)");
        c.report.figure(NAME, "callers_held", held, "callers  (" + GOAL + ")",
                "callers whose p99 |music packet interval - 20 ms| <= " + fmt(BOUND_MS) + " ms and who received >= "
                        + MIN_RECEIVED_PCT + " % of the window's packets, over the " + fmt(windowS) + " s plateau");
        c.report.figure(NAME, "moh_received_pct", 100.0 * w.packets() / Math.max(1, expected), "%",
                "music packets received of those due (waiting callers x window / 20 ms)");
        if (w.deviation().getTotalCount() > 0) {
            c.report.figure(NAME, "moh_interval_p50_ms", w.intervals().getValueAtPercentile(50) / 1000.0, "ms",
                    "music packet arrival interval at the callers, all callers");
            c.report.figure(NAME, "moh_dev_p99_ms", w.deviation().getValueAtPercentile(99) / 1000.0, "ms",
                    "p99 of |interval - 20 ms|, all callers' packets together");
            c.report.figure(NAME, "moh_dev_p999_ms", w.deviation().getValueAtPercentile(99.9) / 1000.0, "ms",
                    "p99.9 of |interval - 20 ms|, all callers' packets together");
            c.report.figure(NAME, "moh_dev_max_ms", w.deviation().getMaxValue() / 1000.0, "ms", "largest |interval - 20 ms|");
        } else {
            c.report.note("queue: music pacing not measured: no caller received two music packets in the window");
        }
        if (w.deviation().getTotalCount() > 0) {
            Histogram d = w.deviation();
            c.report.note(String.format(Locale.ROOT, "queue plateau: |interval - 20 ms| over all packets: p50 %.2f p90 %.2f p95 %.2f "
                            + "p99 %.2f p99.9 %.2f max %.2f ms; intervals p1 %.2f p50 %.2f p99 %.2f ms; %d intervals, %d RTCP",
                    d.getValueAtPercentile(50) / 1000.0, d.getValueAtPercentile(90) / 1000.0, d.getValueAtPercentile(95) / 1000.0,
                    d.getValueAtPercentile(99) / 1000.0, d.getValueAtPercentile(99.9) / 1000.0, d.getMaxValue() / 1000.0,
                    w.intervals().getValueAtPercentile(1) / 1000.0, w.intervals().getValueAtPercentile(50) / 1000.0,
                    w.intervals().getValueAtPercentile(99) / 1000.0, d.getTotalCount(), w.rtcp()));
        }
        if (sorted.length > 0) {
            c.report.note(String.format(Locale.ROOT, "queue plateau: per-caller p99 |interval - 20 ms| (0.1 ms bins): "
                            + "best %s ms, median %s ms, worst %s ms, over %d callers with packets in the window", bin(sorted[0]),
                    bin(sorted[sorted.length / 2]), bin(sorted[sorted.length - 1]), measured));
        }
        QueueCallerRtp.Ear control = p.control();
        if (control.windowIntervals > 0) {
            c.report.figure(NAME, "control_dev_p99_ms", control.p99Ms(), "ms",
                    "for scale: p99 |interval - 20 ms| of a 20 ms pacer thread in this JVM sent to the same receiver "
                            + "(what the machine's scheduling alone does to a 20 ms timer; > 100 ms prints as infinity)");
        }
        String warning = null;
        if (control.windowIntervals > 0 && control.windowOverBound > control.windowIntervals / 100) {
            warning = String.format(Locale.ROOT, "queue plateau: the control pacer alone missed the bound (p99 %s ms > %s ms; "
                    + "other processes used %.0f %% of a core): on this machine now, callers_held measures the machine's "
                    + "scheduling as much as the queue node", bin(control.p99Ms()), fmt(BOUND_MS), othersPct);
            c.report.note(warning);
        }
        c.report.figure(NAME, "queue_cpu_us_per_caller_s", usPerCallerSecond, "us/caller-s",
                "queue node process CPU (user + system, all threads) over the plateau / waiting callers / seconds");
        c.report.figure(NAME, "queue_cpu_pct", queueCorePct, "% of a core", "queue node process CPU over the plateau");
        c.report.figure(NAME, "media_cpu_pct", 100.0 * p.mediaCpuMicros() / w.micros(), "% of a core",
                "media node (relay) process CPU over the plateau, for context");
        c.report.note(String.format(Locale.ROOT, "queue plateau: this JVM (signaling + the callers' RTP receiver%s) used %.1f %% of a core; "
                        + "its scheduling counts as jitter too, so the pacing figures are an upper bound on the path's",
                c.options.bool("caller-audio") ? " and their audio" : "", 100.0 * p.selfCpuMicros() / w.micros()));
        c.report.figure(NAME, "other_processes_cpu_pct", othersPct, "% of a core",
                "CPU the machine spent outside this run's processes over the plateau (/proc/stat less queue, media, this JVM, "
                        + "SIPp): other work on the machine delays every process and shows as jitter");
        c.report.note(String.format(Locale.ROOT, "queue plateau: machine busy %.0f %% of a core of %d cores: queue node %.0f, media node %.0f, "
                        + "this JVM %.0f, caller SIPp %.0f, other processes %.0f", 100.0 * p.machineBusyMicros() / w.micros(),
                Runtime.getRuntime().availableProcessors(), 100.0 * p.queueCpuMicros() / w.micros(),
                100.0 * p.mediaCpuMicros() / w.micros(), 100.0 * p.selfCpuMicros() / w.micros(),
                100.0 * p.sippCpuMicros() / w.micros(), othersPct));
        StringBuilder b = new StringBuilder("queue plateau: queue node CPU per waiting caller-second by thread (user+system us):");
        List<Map.Entry<String, long[]>> used = new ArrayList<>(p.queueThreads().entrySet());
        used.sort((x, y) -> Long.compare(y.getValue()[0] + y.getValue()[1], x.getValue()[0] + x.getValue()[1]));
        double callerSeconds = Math.max(1, p.waiting()) * windowS;
        for (Map.Entry<String, long[]> e : used.subList(0, Math.min(8, used.size()))) {
            long[] us = e.getValue();
            if (us[0] + us[1] > 0) {
                b.append(String.format(Locale.ROOT, " %s %.2f+%.2f;", e.getKey(), us[0] / callerSeconds, us[1] / callerSeconds));
            }
        }
        c.report.note(b.toString());
        c.report.note("queue plateau: the kernel's UDP counters over the window (whole machine, /proc/net/snmp): " + p.udp()
                + (p.udp().getOrDefault("RcvbufErrors", 0L) + p.udp().getOrDefault("SndbufErrors", 0L) > 0
                ? " - packets were dropped at full socket buffers" : ""));
        c.terminal.println(String.format(Locale.ROOT, "queue: %d of %d waiting callers held at p99 |pacing - 20 ms| <= %.0f ms "
                        + "(all packets: p99 %.2f ms, received %.2f %%; control pacer in this JVM: p99 %s ms; other processes "
                        + "%.0f %% of a core)   %s", held, p.waiting(), BOUND_MS,
                w.deviation().getTotalCount() > 0 ? w.deviation().getValueAtPercentile(99) / 1000.0 : Double.NaN,
                100.0 * w.packets() / Math.max(1, expected), bin(control.p99Ms()), othersPct, GOAL));
        if (warning != null) {
            c.terminal.println(warning);
        }
        c.terminal.println(String.format(Locale.ROOT, "queue: queue node CPU %.1f %% of a core = %.1f us per waiting caller-second "
                + "(pid %d)", queueCorePct, usPerCallerSecond, queuePid));
    }

    // ---- the answering ----

    private static void reportAnswering(RunContext c, QueueCallerRtp rtp, Path agentLog, SippResult callers, SippResult agents,
                                        JsonNode before, JsonNode after, int placed, int stillWaiting, double offered,
                                        double wallSeconds, boolean callersDone) throws IOException {
        Map<Integer, List<Long>> answeredAt = new HashMap<>();
        Map<Integer, List<Long>> joinedAt = new HashMap<>();
        List<Long> answers = new ArrayList<>();
        // Per agent, its answers (+) and hang-ups (-) in time order: the gaps between calls.
        Map<String, TreeMap<Long, Boolean>> byAgent = new HashMap<>();
        java.util.Set<Integer> agentHungUp = new java.util.HashSet<>();
        if (Files.exists(agentLog)) {
            for (String line : Files.readAllLines(agentLog, StandardCharsets.ISO_8859_1)) {
                // "<event> <caller> <agent> <date> <time> <epoch.us>"
                String[] f = line.trim().split("\\s+");
                if (f.length < 6) {
                    continue;
                }
                int caller;
                long micros;
                try {
                    caller = (int) (Long.parseLong(f[1]) - FIRST_CALLER);
                    micros = Math.round(Double.parseDouble(f[f.length - 1]) * 1e6);
                } catch (NumberFormatException e) {
                    continue;
                }
                switch (f[0]) {
                    case "answered" -> {
                        answeredAt.computeIfAbsent(caller, k -> new ArrayList<>()).add(micros);
                        answers.add(micros);
                        byAgent.computeIfAbsent(f[2], k -> new TreeMap<>()).put(micros, true);
                    }
                    case "joined" -> joinedAt.computeIfAbsent(caller, k -> new ArrayList<>()).add(micros);
                    case "hangup" -> {
                        byAgent.computeIfAbsent(f[2], k -> new TreeMap<>()).put(micros, false);
                        agentHungUp.add(caller);
                    }
                    default -> {
                        // not ours
                    }
                }
            }
        }
        Histogram idle = Latencies.histogram();
        for (TreeMap<Long, Boolean> events : byAgent.values()) {
            Long hungUp = null;
            for (Map.Entry<Long, Boolean> e : events.entrySet()) {
                if (!e.getValue()) {
                    hungUp = e.getKey();
                } else if (hungUp != null) {
                    idle.recordValue(Math.max(0, e.getKey() - hungUp));
                    hungUp = null;
                }
            }
        }
        Histogram connect = Latencies.histogram();
        Histogram reInvite = Latencies.histogram();
        for (QueueCallerRtp.Ear e : rtp.ears()) {
            long heard = e.firstAgentMicros;
            Long answered = lastAtOrBefore(answeredAt.get(e.index), heard == 0 ? Long.MAX_VALUE : heard);
            if (heard != 0 && answered != null) {
                connect.recordValue(Math.max(0, heard - answered));
            }
            List<Long> joins = joinedAt.get(e.index);
            if (joins != null) {
                long join = joins.get(joins.size() - 1);
                Long a = lastAtOrBefore(answeredAt.get(e.index), join);
                if (a != null) {
                    reInvite.recordValue(Math.max(0, join - a));
                }
            }
        }
        int joinedCallers = joinedAt.size();
        int heardAgent = rtp.hearingAgent();
        answers.sort(null);
        long lost = Math.max(0, placed - Math.max(joinedCallers, heardAgent) - stillWaiting);
        double queueAnswered = after.path("answered").asDouble() - before.path("answered").asDouble();
        double queueAbandoned = after.path("abandoned").asDouble() - before.path("abandoned").asDouble();
        if (answers.size() >= 2) {
            double span = (answers.get(answers.size() - 1) - answers.get(0)) / 1e6;
            double rate = (answers.size() - 1) / Math.max(1e-6, span);
            c.report.figure(NAME, "answered_per_s", rate, "calls/s",
                    "agents' 200 OKs per second from the first to the last (offered " + fmt(offered) + "/s: "
                            + "agents / hold; an agent's time between calls comes on top)");
            c.terminal.println(String.format(Locale.ROOT, "queue: %d answered at %.1f/s (offered %s/s), %d lost%s; "
                    + "%d callers heard their agent", answers.size(), rate, fmt(offered), lost,
                    callersDone ? "" : ", " + stillWaiting + " still waiting at the stop", heardAgent));
        } else {
            c.report.note("queue: answered_per_s not measured: the agents' log holds " + answers.size() + " answer(s)");
            c.terminal.println("queue: answered_per_s not measured: the agents' log holds " + answers.size() + " answer(s)");
        }
        c.report.figure(NAME, "answered", answers.size(), "calls", "agents' 200 OKs to the queue's INVITEs");
        c.report.figure(NAME, "joined", joinedCallers, "callers", "callers whose agent got the join's re-INVITE");
        c.report.figure(NAME, "lost", lost, "callers", "callers placed (" + placed + ") whose call ended without an agent");
        if (!callersDone) {
            c.report.figure(NAME, "still_waiting", stillWaiting, "callers",
                    "callers still hearing music when the benchmark stopped the answering (not joined, not lost)");
        }
        long notReleased = Math.max(0, agentHungUp.size() - callers.stats().successful());
        c.report.figure(NAME, "not_released", notReleased, "callers",
                "callers whose agent hung up but whose own call never got its BYE (the caller SIPp's successful calls short of "
                        + "the agents' hang-ups)");
        if (idle.getTotalCount() > 0) {
            c.report.figure(NAME, "agent_idle_p50_ms", idle.getValueAtPercentile(50) / 1000.0, "ms",
                    "an agent's BYE to its next 200 OK while callers wait (how soon the queue offers a freed agent a caller)");
            c.report.figure(NAME, "agent_idle_p99_ms", idle.getValueAtPercentile(99) / 1000.0, "ms", "as agent_idle_p50_ms, p99");
        }
        c.report.note(String.format(Locale.ROOT, "queue answering: %.1f s from unpause to the last caller's end%s; caller SIPp %d ok, "
                        + "%d failed; agent SIPp %d ok, %d failed; the queue's stats counted %.0f answered, %.0f abandoned",
                wallSeconds, callersDone ? "" : " (NOT every caller ended)", callers.stats().successful(), callers.stats().failed(),
                agents.stats().successful(), agents.stats().failed(), queueAnswered, queueAbandoned));
        if (connect.getTotalCount() > 0) {
            c.report.figure(NAME, "agent_connect_p50_ms", connect.getValueAtPercentile(50) / 1000.0, "ms",
                    "agent's 200 OK (SIPp log) to the first packet of the agent's RTP at the caller (incl. the join's "
                            + "re-INVITE transaction and SIPp starting its stream)");
            c.report.figure(NAME, "agent_connect_p99_ms", connect.getValueAtPercentile(99) / 1000.0, "ms",
                    "as agent_connect_p50_ms, p99");
            Latencies.add(c.report, NAME, "agent 200 OK -> caller hears agent", "queue-connect",
                    "queue: agent-connect time percentiles", connect);
            c.terminal.println(String.format(Locale.ROOT, "queue: agent connect (200 OK -> caller hears agent RTP) p50 %.1f ms, "
                            + "p99 %.1f ms over %d calls", connect.getValueAtPercentile(50) / 1000.0,
                    connect.getValueAtPercentile(99) / 1000.0, connect.getTotalCount()));
        } else {
            String why = "agent_connect not measured: no caller's socket received the agent's marked RTP"
                    + (reInvite.getTotalCount() > 0 ? "; agent_reinvite (200 OK -> the join's re-INVITE at the agent) approximates it" : "");
            c.report.note("queue: " + why);
            c.terminal.println("queue: " + why);
        }
        if (reInvite.getTotalCount() > 0) {
            c.report.figure(NAME, "agent_reinvite_p50_ms", reInvite.getValueAtPercentile(50) / 1000.0, "ms",
                    "agent's 200 OK to the join's re-INVITE arriving at the agent (both SIPp's clock)");
            c.report.figure(NAME, "agent_reinvite_p99_ms", reInvite.getValueAtPercentile(99) / 1000.0, "ms",
                    "as agent_reinvite_p50_ms, p99");
            Latencies.add(c.report, NAME, "agent 200 OK -> join re-INVITE at agent", "queue-connect",
                    "queue: agent-connect time percentiles", reInvite);
        } else {
            c.report.note("queue: agent_reinvite not measured: the agents' log holds no join");
        }
    }

    private static Long lastAtOrBefore(List<Long> times, long limit) {
        if (times == null) {
            return null;
        }
        Long best = null;
        for (long t : times) {
            if (t <= limit && (best == null || t > best)) {
                best = t;
            }
        }
        return best;
    }

    // ---- the cast ----

    private static MediaProcess startMedia(RunContext c, CallBench bench, Path dir, int sessions) throws IOException {
        Map<String, String> keys = new LinkedHashMap<>(bench.clusterKeys());
        keys.put("node.name", "media-1");
        keys.put("lite-member", "true");
        keys.put("node.private-address", "127.0.0.1");
        keys.put("media.ng-address", "127.0.0.1");
        keys.put("media.ng-port", "0");
        keys.put("media.rtp-address", "127.0.0.1");
        keys.put("media.port-min", Integer.toString(MEDIA_PORT_MIN));
        keys.put("media.port-max", Integer.toString(MEDIA_PORT_MAX));
        keys.put("media.max-sessions", Integer.toString(Math.min(5000, Math.max(sessions, (MEDIA_PORT_MAX - MEDIA_PORT_MIN + 1) / 4))));
        keys.put("media.timeout", "120s");
        keys.put("media.event-loops", c.options.string("event-loops"));
        keys.put("media.http-address", "127.0.0.1");
        keys.put("media.http-port", "0");
        keys.put("data-dir", dir.resolve("media-1").toString());
        c.terminal.println("queue: starting the media node ...");
        return MediaProcess.start("media-1", keys, jvm(c.options.string("media-heap")), 0, dir.resolve("media-node.log"));
    }

    private static NodeChild startQueue(RunContext c, CallBench bench, Path dir, int sessions) throws Exception {
        Map<String, String> keys = new LinkedHashMap<>(bench.clusterKeys());
        keys.put("cluster.port", Integer.toString(Integer.parseInt(keys.get("cluster.port")) + 1));
        keys.put("node.name", "queue-1");
        keys.put("node.private-address", "127.0.0.1");
        keys.put("queue.sip-address", "127.0.0.1");
        keys.put("queue.sip-port", "0");
        keys.put("queue.rtp-port-min", Integer.toString(QUEUE_PORT_MIN));
        keys.put("queue.rtp-port-max", Integer.toString(QUEUE_PORT_MAX));
        keys.put("queue.max-sessions", Integer.toString(sessions));
        keys.put("queue.http-address", "127.0.0.1");
        keys.put("queue.http-port", "0");
        keys.put("metrics.jvm", "false");
        keys.put("data-dir", dir.resolve("queue-1").toString());
        c.terminal.println("queue: starting the queue node ...");
        return QueueNodeMain.startChild(keys, jvm(c.options.string("queue-heap")), dir.resolve("queue-node.log"));
    }

    private static List<String> jvm(String heap) {
        return List.of("-Xmx" + heap, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED");
    }

    private static void awaitOnline(AdminClient admin, String role, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (admin.nodes(role).stream().noneMatch(AdminClient.Node::online)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(role + " nodes online: " + admin.nodes(role) + ", expected 1");
            }
            Thread.sleep(200);
        }
    }

    /** Waits until the queue node has claimed the queue and published its statistics. */
    private static void awaitHosted(AdminClient admin, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!admin.getJson("/api/queues/" + QUEUE + "/stats").path("hosted").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("queue " + QUEUE + " is not hosted by the queue node after " + within.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }

    private static void provision(CallBench bench, Path dir, int callers, int agents) throws Exception {
        for (long[] block : new long[][] {{FIRST_CALLER, callers}, {FIRST_AGENT, agents}}) {
            Path csv = UserCsv.writeUsers(dir.resolve("users-" + block[0] + ".csv"), block[0], block[1]);
            try (InputStream in = Files.newInputStream(csv)) {
                ImportReport r = bench.server.users().importCsv(in);
                if (r.failed() > 0) {
                    throw new IllegalStateException("import of " + csv + " failed: " + r.errors());
                }
            }
        }
    }

    private static void createQueue(AdminClient admin, int agents, int callers) throws Exception {
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < agents; i++) {
            members.append(i == 0 ? "" : ",").append("{\"extension\":\"").append(FIRST_AGENT + i).append("\"}");
        }
        admin.postJson("/api/queues", "{\"name\":\"" + QUEUE + "\",\"number\":\"" + NUMBER + "\",\"strategy\":\"round-robin\","
                + "\"ringTimeout\":10,\"wrapUp\":0,\"maxCallers\":" + Math.min(10_000, callers + 100) + ",\"maxWait\":0,"
                + "\"announcePosition\":0,\"greeting\":\"\",\"autoPauseMisses\":0,\"members\":[" + members + "]}");
    }

    /** Registers every agent from {@code port}, where the agents' SIPp listens later. */
    private static void registerAgents(CallBench bench, Path dir, int port, int agents) throws Exception {
        SippResult reg = BenchSipp.of("register.xml", bench.server.sipPort(), dir.resolve("agent-register"))
                .args("-p", Integer.toString(port), "-m", Integer.toString(agents), "-r", "50", "-rp", "1000",
                        "-inf", UserCsv.writeInjection(dir.resolve("agents.csv"), FIRST_AGENT, agents, UserCsv::password).toString())
                .timeout(Duration.ofSeconds(30)).start().await();
        if (reg.stats().successful() < agents) {
            throw new IllegalStateException("agent registration failed: " + reg.describe());
        }
    }

    /** SIPp's injection file: extension; credentials keyword; the caller's RTP port (a socket of {@code rtp}). */
    private static Path callerInjection(Path file, QueueCallerRtp rtp) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
            w.write("SEQUENTIAL\n");
            for (QueueCallerRtp.Ear e : rtp.ears()) {
                long ext = FIRST_CALLER + e.index;
                w.write(ext + ";[authentication username=" + ext + " password=" + UserCsv.password(ext) + "];" + e.port + "\n");
            }
        }
        return file;
    }

    /** Waits until SIPp has bound its UDP port (the agents' registrations point there), read from /proc/net/udp. */
    private static void awaitBound(int port, BenchSipp.Running sipp, Duration within) throws Exception {
        String local = String.format(Locale.ROOT, "0100007F:%04X", port);
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline && sipp.alive()) {
            for (String line : Files.readAllLines(Path.of("/proc/net/udp"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 1 && f[1].equals(local)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the agents' SIPp did not bind 127.0.0.1:" + port + "; see " + sipp.workDir());
    }

    /** CPU time the whole machine spent busy (every field of /proc/stat's cpu line but idle and iowait), in microseconds. */
    private static long machineBusyMicros() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                long busy = 0;
                // user nice system idle iowait irq softirq steal (guest time is inside user already)
                for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
                    if (i != 4 && i != 5) {
                        busy += Long.parseLong(f[i]);
                    }
                }
                return busy * 10_000; // USER_HZ is 100
            }
        }
        throw new IOException("/proc/stat has no cpu line");
    }

    private static Map<String, long[]> diff(Map<String, long[]> before, Map<String, long[]> after) {
        Map<String, long[]> out = new TreeMap<>();
        after.forEach((name, now) -> {
            long[] then = before.getOrDefault(name, new long[2]);
            out.put(name, new long[] {now[0] - then[0], now[1] - then[1]});
        });
        return out;
    }

    /** A counter from a scrape: Prometheus names counters with _total; NaN when missing. */
    private static double counter(Map<String, Double> metrics, String name) {
        return metrics.getOrDefault(name + "_total", metrics.getOrDefault(name, Double.NaN));
    }

    private static String bin(double ms) {
        return Double.isInfinite(ms) ? "> 100" : String.format(Locale.ROOT, "%.1f", ms);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
