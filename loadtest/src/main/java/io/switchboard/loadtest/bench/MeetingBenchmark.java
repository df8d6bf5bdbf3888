package io.switchboard.loadtest.bench;

import io.switchboard.loadtest.report.Report;
import io.switchboard.meeting.MeetingSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code switchboard loadtest meeting}: one conference room on one meeting node, participants joining
 * in steps, a few of them talking; how large the room gets while the node's mixing keeps time.
 *
 * <p>The meeting node runs in a JVM of its own ({@link MeetingNodeMain}: a Hazelcast data member with
 * the room maps and the bench room {@value MeetingNodeMain#ROOM}, no PIN, plus the embedded meeting
 * server, {@code --event-loops} media loops, {@code --node-heap}), so its /proc CPU is its own. This
 * JVM is the phones: {@link MeetingSip} INVITEs the room straight at the node (no signaling server,
 * no media relay: every figure is the node's) and {@link MeetingParticipants} streams G.711 (PCMU)
 * from a socket per participant: the first {@code --talkers} speak a tone each, the others send
 * silence every 20 ms like a real phone ({@code --listeners-send false}: nothing).
 *
 * <p>Each step brings the room up to its count (participants stay from step to step) at
 * {@code --join-rate} per second, waits {@code --warmup} s and measures {@code --measure} s: the
 * node's own tick histograms (work per tick and |start - previous - 20 ms|, cumulative buckets on its
 * /metrics, subtracted across the window, p99 read as the smallest bucket bound holding 99 %), its
 * CPU, the audio packets each participant received against 50 per second, and whether the first
 * listener hears the talkers (Goertzel) and the first talker does not hear itself. A step is held
 * when both p99s are at most {@value #BOUND_MS} ms with at least {@value #MIN_RECEIVED_PCT} % of the
 * packets and the audio checks good. The ramp stops early only when participants are not answered
 * or the node dies. At the end every participant gets BYE and the node's sessions gauge must read 0.
 * Loopback only; every wait is bounded; the node stops through its own process handle.
 */
final class MeetingBenchmark {
    static final String NAME = "meeting";
    static final int GOAL = 1000;
    static final double BOUND_MS = 5;
    static final double MIN_RECEIVED_PCT = 95;
    static final int MIXED_TALKERS = 3;
    static final int MAX_TALKERS = 10;
    /** The node's RTP ports: below the kernel's ephemeral range, where the phones' sockets are. */
    static final int RTP_PORT_MIN = 20000;
    static final String TICK = "switchboard_meeting_tick_seconds";
    static final String PACING = "switchboard_meeting_tick_pacing_seconds";
    static final String ANCHOR = "FreeSWITCH's published figure: 4-5 % of a core per Opus participant (not measured here; "
            + "these participants are G.711 PCMU, which costs less to decode and encode than Opus)";

    private MeetingBenchmark() {
    }

    /** The common options with this scenario's own defaults over them. */
    static Map<String, String> defaults(Map<String, String> common) {
        Map<String, String> d = new LinkedHashMap<>(common);
        d.put("steps", "100,250,500,1000");
        d.put("talkers", "3");
        d.put("listeners-send", "true");
        d.put("join-rate", "100");
        d.put("warmup", "5");
        d.put("measure", "10");
        d.put("event-loops", "1");
        d.put("node-heap", "1g");
        d.put("shared-port", "false");
        d.put("node-jvm-options", "");
        return Map.copyOf(d);
    }

    /** The node's heap, plus {@code --node-jvm-options} (e.g. a profiler's -agentpath), split on spaces. */
    private static List<String> nodeJvm(RunContext c) {
        List<String> options = new java.util.ArrayList<>(List.of("-Xmx" + c.options.string("node-heap")));
        String more = c.options.string("node-jvm-options");
        if (!more.isBlank()) {
            options.addAll(List.of(more.trim().split("\\s+")));
        }
        return options;
    }

    static void run(RunContext c) throws Exception {
        int[] steps = c.ints("steps");
        int talkers = c.options.integer("talkers");
        boolean listenersSend = c.options.bool("listeners-send");
        int joinRate = c.options.integer("join-rate");
        Duration warmup = Duration.ofSeconds(c.options.integer("warmup"));
        Duration measure = Duration.ofSeconds(c.options.integer("measure"));
        validate(steps, talkers, joinRate, measure);
        int most = steps[steps.length - 1];
        Report r = c.report;
        r.parameters.put("meeting.steps", c.options.string("steps"));
        r.parameters.put("meeting.talkers", talkers);
        r.parameters.put("meeting.listeners_send", listenersSend);
        r.parameters.put("meeting.join_rate", joinRate);
        r.parameters.put("meeting.warmup_seconds", warmup.toSeconds());
        r.parameters.put("meeting.measure_seconds", measure.toSeconds());
        r.parameters.put("meeting.event_loops", c.options.integer("event-loops"));
        r.parameters.put("meeting.node_heap", c.options.string("node-heap"));
        r.parameters.put("meeting.shared_port", c.options.bool("shared-port"));
        r.parameters.put("meeting.codec", "PCMU");
        r.parameters.put("meeting.bound_ms", BOUND_MS);
        c.terminal.println(String.format(Locale.ROOT, "meeting: one room, steps %s participants (cumulative), %d talking "
                        + "(tones), listeners send %s; joins %d/s, %d s warm-up + %d s measured per step; %s media loop(s), %s; "
                        + "held = p99 tick and p99 |pacing - 20 ms| <= %.0f ms and >= %.0f %% of packets; goal %,d in one room, "
                        + "G.711, one core; one node (two cascaded nodes: not built, not measured)", c.options.string("steps"),
                talkers, listenersSend ? "G.711 silence every 20 ms" : "nothing", joinRate, warmup.toSeconds(),
                measure.toSeconds(), c.options.string("event-loops"),
                c.options.bool("shared-port") ? "one shared RTP port per loop" : "a port pair per participant", BOUND_MS,
                MIN_RECEIVED_PCT, GOAL));
        Path dir = c.work.resolve(NAME);
        try (MeetingNodeMain.Child node = MeetingNodeMain.Child.start(nodeKeys(c, dir, most),
                nodeJvm(c), dir.resolve("meeting-node.log"));
             MeetingSip sip = new MeetingSip(node.sipPort, MeetingNodeMain.ROOM);
             MeetingParticipants phones = new MeetingParticipants(talkers, listenersSend)) {
            c.terminal.println(String.format("meeting: node pid %d, SIP udp 127.0.0.1:%d, metrics :%d, log %s", node.pid(),
                    node.sipPort, node.httpPort, node.log));
            Room room = new Room(c, node, sip, phones, talkers);
            List<MeetingStep> results = new ArrayList<>();
            try {
                for (int n : steps) {
                    c.checkDeadline("meeting step " + n);
                    int answered = room.join(n, joinRate);
                    Thread.sleep(warmup.toMillis());
                    MeetingStep s = room.measure(n, answered, measure);
                    results.add(s);
                    record(c, s);
                    if (!node.alive()) {
                        throw new IllegalStateException("meeting node died; see " + node.log);
                    }
                    if (answered < n) {
                        c.terminal.println(String.format("meeting: %d of %d participants not answered: the ramp stops", n - answered, n));
                        break;
                    }
                }
            } finally {
                room.leave();
            }
            summarize(c, results);
        }
    }

    private static void validate(int[] steps, int talkers, int joinRate, Duration measure) {
        if (steps.length == 0 || steps[0] < 1) {
            throw new IllegalArgumentException("meeting: --steps must list positive participant counts");
        }
        for (int i = 1; i < steps.length; i++) {
            if (steps[i] <= steps[i - 1]) {
                throw new IllegalArgumentException("meeting: --steps must grow (participants stay from step to step)");
            }
        }
        if (steps[steps.length - 1] > MeetingSettings.MAX_SESSIONS - 50) {
            throw new IllegalArgumentException("meeting: at most " + (MeetingSettings.MAX_SESSIONS - 50) + " participants on one node");
        }
        if (talkers < 0 || talkers > MAX_TALKERS) {
            throw new IllegalArgumentException("meeting: --talkers must be 0-" + MAX_TALKERS);
        }
        if (joinRate < 1 || measure.toSeconds() < 1) {
            throw new IllegalArgumentException("meeting: --join-rate and --measure must be positive");
        }
    }

    private static Map<String, String> nodeKeys(RunContext c, Path dir, int most) {
        int capacity = most + 50;
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("node.name", "meeting-bench");
        keys.put("node.private-address", "127.0.0.1");
        // A cluster of its own: the node must not join a Switchboard running on this machine.
        keys.put("cluster.name", "meeting-bench-" + ProcessHandle.current().pid());
        keys.put("cluster.bind-address", "127.0.0.1");
        keys.put("cluster.members", "127.0.0.1");
        keys.put("cluster.port", "5971");
        keys.put("meeting.sip-address", "127.0.0.1");
        keys.put("meeting.sip-port", "0");
        keys.put("meeting.rtp-port-min", Integer.toString(RTP_PORT_MIN));
        keys.put("meeting.rtp-port-max", Integer.toString(RTP_PORT_MIN + 2 * capacity + 2 * 256 - 1)); // + the shared pairs
        keys.put("meeting.max-sessions", Integer.toString(capacity));
        keys.put("meeting.http-address", "127.0.0.1");
        keys.put("meeting.http-port", "0");
        keys.put("meeting.event-loops", c.options.string("event-loops"));
        keys.put("meeting.rtp-shared-port", Boolean.toString(c.options.bool("shared-port")));
        keys.put("metrics.jvm", "false");
        keys.put("data-dir", dir.resolve("node-data").toString());
        keys.put(MeetingNodeMain.ROOM_MAX, Integer.toString(capacity));
        return keys;
    }

    private static void record(RunContext c, MeetingStep s) {
        String row = s.row(BOUND_MS, MIN_RECEIVED_PCT);
        c.terminal.println("meeting: " + row);
        c.report.note("meeting step: " + row);
        double t = c.now();
        c.report.point("meeting-tick", "meeting: node tick p99 (end of each step)", "ms", "tick work p99", t, finite(s.tickP99Ms()));
        c.report.point("meeting-tick", "meeting: node tick p99 (end of each step)", "ms", "|pacing - 20 ms| p99", t,
                finite(s.pacingP99Ms()));
        c.report.point("meeting-participants", "meeting: participants in the room", "participants", "answered", t, s.answered());
        c.report.point("meeting-cpu", "meeting: node CPU (each step's window)", "% of a core", "meeting node", t, s.cpuPct());
    }

    /** A p99 above the largest finite bucket is charted at that bucket (50 ms), not as infinity. */
    private static double finite(double ms) {
        return Double.isInfinite(ms) ? 50 : ms;
    }

    private static void summarize(RunContext c, List<MeetingStep> results) {
        MeetingStep best = null;
        for (MeetingStep s : results) {
            if (s.held(BOUND_MS, MIN_RECEIVED_PCT)) {
                best = s;
            }
        }
        Report r = c.report;
        r.figure(NAME, "max_participants_held", best == null ? 0 : best.participants(), "participants  (goal " + GOAL + ")",
                "largest step with node tick p99 and |pacing - 20 ms| p99 <= " + BOUND_MS + " ms and >= " + MIN_RECEIVED_PCT
                        + " % of packets, one room, one node");
        if (best != null) {
            r.figure(NAME, "tick_p99_ms", best.tickP99Ms(), "ms", "node tick work p99 (bucket bound) at max_participants_held");
            r.figure(NAME, "pacing_p99_ms", best.pacingP99Ms(), "ms", "node |tick start - previous - 20 ms| p99 (bucket bound) at max_participants_held");
            r.figure(NAME, "node_cpu_pct", best.cpuPct(), "% of a core", "meeting node process CPU at max_participants_held");
            r.figure(NAME, "cpu_us_per_participant_s", best.usPerParticipantS(), "us/participant-s",
                    "meeting node CPU per participant-second at max_participants_held");
            r.figure(NAME, "cpu_pct_per_participant", best.cpuPct() / Math.max(1, best.answered()), "% of a core",
                    "meeting node CPU per participant (G.711); anchor 4-5 % per Opus participant (FreeSWITCH, published)");
            r.figure(NAME, "received_pct", best.receivedPct(), "%", "mix packets received per participant vs 50/s at max_participants_held");
        }
        MeetingStep last = results.isEmpty() ? null : results.get(results.size() - 1);
        if (last != null) {
            // The largest step run, held or not: how far past the bound the room went.
            r.figure(NAME, "largest_step_participants", last.answered(), "participants", "answered at the largest step run");
            r.figure(NAME, "largest_step_tick_p99_ms", finite(last.tickP99Ms()), "ms",
                    "node tick work p99 at the largest step run (50 = over the largest finite bucket)");
            r.figure(NAME, "largest_step_pacing_p99_ms", finite(last.pacingP99Ms()), "ms",
                    "node |tick start - previous - 20 ms| p99 at the largest step run (50 = over the largest finite bucket)");
            r.figure(NAME, "largest_step_cpu_pct", last.cpuPct(), "% of a core", "meeting node CPU at the largest step run");
            r.figure(NAME, "largest_step_cpu_us_per_participant_s", last.usPerParticipantS(), "us/participant-s",
                    "meeting node CPU per participant-second at the largest step run");
            r.figure(NAME, "largest_step_received_pct", last.receivedPct(), "%",
                    "mix packets received per participant vs 50/s at the largest step run");
        }
        r.note("meeting: " + ANCHOR);
        r.note("meeting: one node only; the two cascaded nodes of the goal are not built, so not measured");
        c.terminal.println(best == null
                ? "meeting: RESULT: no step held (p99 tick and pacing <= 5 ms, >= 95 % of packets); goal " + GOAL
                : String.format(Locale.ROOT, "meeting: RESULT: largest room held %d participants (goal %,d in one room on one core), "
                        + "tick p99 %s ms, pacing p99 %s ms, node CPU %.1f %% of a core = %.1f us/participant-s = %.3f %% of a core "
                        + "per participant", best.participants(), GOAL, MeetingStep.ms(best.tickP99Ms()).trim(),
                MeetingStep.ms(best.pacingP99Ms()).trim(), best.cpuPct(), best.usPerParticipantS(),
                best.cpuPct() / Math.max(1, best.answered())));
        c.terminal.println("meeting: anchor: " + ANCHOR);
        c.terminal.println("meeting: two cascaded nodes: not built, not measured (one node only)");
    }

    /** The room as this JVM sees it: every participant's dialog and phone, in join order. */
    private static final class Room {
        private final RunContext c;
        private final MeetingNodeMain.Child node;
        private final MeetingSip sip;
        private final MeetingParticipants phones;
        private final int talkers;
        private final List<MeetingSip.Dialog> dialogs = new ArrayList<>();
        private final List<MeetingParticipants.Participant> participants = new ArrayList<>();

        Room(RunContext c, MeetingNodeMain.Child node, MeetingSip sip, MeetingParticipants phones, int talkers) {
            this.c = c;
            this.node = node;
            this.sip = sip;
            this.phones = phones;
            this.talkers = talkers;
        }

        /** INVITEs participants up to {@code n} at {@code rate}/s; returns how many are answered, after at most 10 s more. */
        int join(int n, int rate) throws Exception {
            int from = participants.size();
            long gap = 1_000_000_000L / rate;
            long next = System.nanoTime();
            for (int i = from; i < n; i++) {
                // The probes: the first talker and the first listener decode what they hear.
                MeetingParticipants.Participant p = phones.open(i, i < talkers ? i : -1, i == 0 || i == talkers);
                MeetingSip.Dialog d = sip.invite(i, p.port);
                d.answer.thenAccept(rtp -> start(p, rtp));
                participants.add(p);
                dialogs.add(d);
                next += gap;
                LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
                if ((i - from) % Math.max(1, rate / 5) == 0) {
                    c.terminal.progress("meeting: joining", (i - from + 1.0) / (n - from), (i + 1) + " of " + n);
                }
            }
            c.terminal.endBar();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (int round = 0; round < 5 && System.nanoTime() < deadline; round++) {
                List<MeetingSip.Dialog> waiting = dialogs.subList(from, dialogs.size()).stream().filter(d -> !d.answer.isDone()).toList();
                if (waiting.isEmpty()) {
                    break;
                }
                Thread.sleep(Math.min(2000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                for (MeetingSip.Dialog d : waiting) {
                    if (!d.answer.isDone()) {
                        sip.retransmit(d); // same branch and Call-ID: a lost INVITE or a slow node
                    }
                }
            }
            return (int) dialogs.stream().filter(MeetingBenchmark::answered).count();
        }

        private void start(MeetingParticipants.Participant p, InetSocketAddress rtp) {
            try {
                phones.start(p, rtp);
            } catch (IOException e) {
                c.report.note("meeting: participant " + p.index + "'s socket could not connect: " + e);
            }
        }

        MeetingStep measure(int n, int answered, Duration window) throws Exception {
            TickBuckets work0 = TickBuckets.scrape(node.httpPort, TICK);
            TickBuckets pacing0 = TickBuckets.scrape(node.httpPort, PACING);
            long[] received0 = phones.received();
            long cpu0 = ProcStats.cpuMicros(node.pid());
            long self0 = ProcStats.cpuMicros(ProcStats.selfPid());
            long machine0 = ProcStats.machineBusyMicros();
            Map<String, long[]> threads0 = ProcStats.threadCpuMicros(node.pid());
            phones.takeMaxLagMs();
            long start = System.nanoTime();
            long end = start + window.toNanos();
            while (System.nanoTime() < end) {
                long left = end - System.nanoTime();
                c.terminal.progress("meeting: " + answered + " in the room", 1 - left / (double) window.toNanos(), "measuring");
                TimeUnit.NANOSECONDS.sleep(Math.min(left, 500_000_000L));
            }
            c.terminal.endBar();
            long cpu = ProcStats.cpuMicros(node.pid()) - cpu0;
            long self = ProcStats.cpuMicros(ProcStats.selfPid()) - self0;
            long machine = ProcStats.machineBusyMicros() - machine0;
            Map<String, long[]> threads = ProcStats.threadCpuMicros(node.pid());
            long[] received1 = phones.received();
            long micros = (System.nanoTime() - start) / 1000;
            double lag = phones.takeMaxLagMs();
            TickBuckets work = TickBuckets.scrape(node.httpPort, TICK).since(work0);
            TickBuckets pacing = TickBuckets.scrape(node.httpPort, PACING).since(pacing0);
            long sum = 0;
            long min = Long.MAX_VALUE;
            int counted = 0;
            for (int i = 0; i < received1.length; i++) {
                if (answered(dialogs.get(i))) {
                    long got = received1[i] - (i < received0.length ? received0[i] : 0);
                    sum += got;
                    min = Math.min(min, got);
                    counted++;
                }
            }
            c.report.note("meeting step " + n + ": node CPU by thread, % of a core (user+system): " + threadShares(threads0, threads, micros));
            return new MeetingStep(n, answered, work.boundMs(0.99), pacing.boundMs(0.99), work.total(), 100.0 * cpu / micros,
                    cpu / Math.max(1e-9, answered * micros / 1e6), counted == 0 ? 0 : sum / (double) counted,
                    counted == 0 ? 0 : min, window.toMillis() / 20, listenerHears(), talkerNotSelf(), 100.0 * self / micros, lag,
                    100.0 * machine / micros);
        }

        /** The node's busiest thread groups over the window, so a step that misses says where the time went. */
        private static String threadShares(Map<String, long[]> before, Map<String, long[]> after, long micros) {
            Map<String, Double> pct = new LinkedHashMap<>();
            after.forEach((name, t) -> {
                long[] b = before.getOrDefault(name, new long[2]);
                pct.put(name, 100.0 * (t[0] + t[1] - b[0] - b[1]) / micros);
            });
            return pct.entrySet().stream().filter(e -> e.getValue() >= 0.5)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                    .collect(java.util.stream.Collectors.joining(", "));
        }

        /** The first listener hears the tone of every talker the room mixes (its loudest three). */
        private Boolean listenerHears() {
            if (talkers == 0 || participants.size() <= talkers || !answered(dialogs.get(talkers))) {
                return null;
            }
            for (int t = 0; t < Math.min(MIXED_TALKERS, talkers); t++) {
                if (!MeetingParticipants.hears(participants.get(talkers), MeetingParticipants.hz(t))) {
                    return false;
                }
            }
            return true;
        }

        /** The first talker's mix leaves its own voice out. */
        private Boolean talkerNotSelf() {
            if (talkers == 0 || !answered(dialogs.get(0))) {
                return null;
            }
            return !MeetingParticipants.hears(participants.get(0), MeetingParticipants.hz(0));
        }

        /** BYE to every participant still in, 1 ms apart; then the node's sessions gauge must reach 0. */
        void leave() throws Exception {
            long t0 = System.nanoTime();
            int sent = 0;
            for (MeetingSip.Dialog d : dialogs) {
                if (answered(d)) {
                    sip.bye(d);
                    sent++;
                    LockSupport.parkNanos(1_000_000);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            int ok = 0;
            for (MeetingSip.Dialog d : dialogs) {
                if (!answered(d)) {
                    continue;
                }
                try {
                    if (d.byeAnswer.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS) == 200) {
                        ok++;
                    }
                } catch (TimeoutException | ExecutionException e) {
                    // counted as not answered
                }
            }
            double left = awaitSessions(node.httpPort, Duration.ofSeconds(15));
            String line = String.format(Locale.ROOT, "meeting: BYE to %d participants, %d answered 200 in %d ms (%d hung up by the node); "
                    + "node sessions now %.0f%s", sent, ok, (System.nanoTime() - t0) / 1_000_000, sip.endedByNode.get(), left,
                    left == 0 ? "" : " (NOT 0)");
            c.terminal.println(line);
            c.report.note(line);
            c.report.figure(NAME, "sessions_left_after_bye", left, "sessions", "the node's sessions gauge 15 s after the last BYE");
        }
    }

    private static boolean answered(MeetingSip.Dialog d) {
        return d.answer.isDone() && !d.answer.isCompletedExceptionally();
    }

    private static double awaitSessions(int port, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        double v = sessions(port);
        while (v != 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            v = sessions(port);
        }
        return v;
    }

    private static double sessions(int port) throws IOException, InterruptedException {
        return Prometheus.scrape(port, null).getOrDefault("switchboard_meeting_sessions", -1.0);
    }
}
