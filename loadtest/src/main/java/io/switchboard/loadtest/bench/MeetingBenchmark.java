package io.switchboard.loadtest.bench;

import io.switchboard.loadtest.report.Report;
import io.switchboard.meeting.MeetingSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code switchboard loadtest meeting}: one conference room on one meeting node, participants joining
 * in steps, a few of them talking; how large the room gets while the node's mixing keeps time.
 *
 * <p>The meeting node runs in a JVM of its own ({@link MeetingNodeMain}: a Hazelcast data member with
 * the room maps and the bench room {@value MeetingNodeMain#ROOM}, no PIN, plus the embedded meeting
 * server, {@code --event-loops} media loops, {@code --node-heap}), so its /proc CPU is its own. This
 * JVM is the phones: {@link LoopbackUac} INVITEs the room straight at the node (no signaling server,
 * no media relay: every figure is the node's) and {@link MeetingParticipants} streams G.711 (PCMU)
 * from a socket per participant: the first {@code --talkers} speak a tone each, the others send
 * silence every 20 ms like a real phone ({@code --listeners-send false}: nothing).
 *
 * <p>Each step brings the room up to its count (participants stay from step to step) at
 * {@code --join-rate} per second, waits {@code --warmup} s and measures {@code --measure} s: the
 * node's own tick histograms (work per tick and |start - previous - 20 ms|, cumulative buckets on its
 * /metrics, subtracted across the window, p99 read as the smallest bucket bound holding 99 %), its
 * CPU, the audio packets each participant received against 50 per second, and whether the first
 * listener hears the talkers (Goertzel) and no talker hears itself. A step is held
 * when both p99s are at most {@value #BOUND_MS} ms with at least {@value #MIN_RECEIVED_PCT} % of the
 * packets and the audio checks good. The ramp stops early only when participants are not answered
 * or the node dies. At the end every participant gets BYE and the node's sessions gauge must read 0.
 * Loopback only; every wait is bounded; the node stops through its own process handle.
 *
 * <p>{@code --nodes 2} spans the room over two cascaded nodes ({@link MeetingNodes}: one cluster, A the
 * room's entry and hub, A and B its parts, set up before anyone calls): each step's newcomers go half
 * to A and half to B, talkers alternate between them ({@link MeetingRoom}), and each node's listener
 * must hear the other node's talkers, which only the trunks between the parts carry. Every figure is
 * per node, the CPU also summed per participant; a step is held when both nodes are within the bounds
 * ({@link CascadeStep}, {@link MeetingCascadeSummary}).
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
        d.put("shared-port", "true");
        d.put("node-jvm-options", "");
        d.put("nodes", "1");
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
        int nodeCount = c.options.integer("nodes");
        Duration warmup = Duration.ofSeconds(c.options.integer("warmup"));
        Duration measure = Duration.ofSeconds(c.options.integer("measure"));
        validate(steps, talkers, joinRate, measure, nodeCount);
        int most = steps[steps.length - 1];
        Report r = c.report;
        r.parameters.put("meeting.steps", c.options.string("steps"));
        r.parameters.put("meeting.nodes", nodeCount);
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
                        + "G.711, one core; %s", c.options.string("steps"),
                talkers, listenersSend ? "G.711 silence every 20 ms" : "nothing", joinRate, warmup.toSeconds(),
                measure.toSeconds(), c.options.string("event-loops"),
                c.options.bool("shared-port") ? "one shared RTP port per loop" : "a port pair per participant", BOUND_MS,
                MIN_RECEIVED_PCT, GOAL, nodeCount == 1 ? "one node (two cascaded nodes: run with --nodes 2)"
                        : "two cascaded nodes A and B, the room's entry and hub A and both its parts, each step's newcomers half "
                        + "on A and half on B, talkers alternately on A and B; held = both nodes within the bounds and each "
                        + "node's listener hearing the other node's talkers"));
        Path dir = c.work.resolve(NAME);
        try (MeetingNodes nodes = MeetingNodes.start(c, dir, nodeCount, most, nodeJvm(c));
             MeetingParticipants phones = new MeetingParticipants(talkers, listenersSend)) {
            if (nodeCount == 1) {
                NodeChild node = nodes.get(0).child();
                c.terminal.println(String.format("meeting: node pid %d, SIP udp 127.0.0.1:%d, metrics :%d, log %s", node.pid(),
                        node.sipPort, node.httpPort, node.log));
            } else {
                c.terminal.println("meeting: " + nodes.describe());
            }
            MeetingRoom room = new MeetingRoom(c, nodes, phones, talkers);
            List<MeetingStep> single = new ArrayList<>();
            List<CascadeStep> cascaded = new ArrayList<>();
            List<String> labels = nodes.all().stream().map(MeetingNodes.Node::label).toList();
            try {
                for (int n : steps) {
                    c.checkDeadline("meeting step " + n);
                    int answered = room.join(n, joinRate);
                    Thread.sleep(warmup.toMillis());
                    MeetingWindow w = room.measure(n, answered, measure);
                    if (nodeCount == 1) {
                        MeetingStep s = MeetingStep.of(n, w);
                        single.add(s);
                        record(c, s);
                    } else {
                        CascadeStep s = new CascadeStep(n, labels, w);
                        cascaded.add(s);
                        MeetingCascadeSummary.record(c, s);
                    }
                    MeetingNodes.Node dead = nodes.dead();
                    if (dead != null) {
                        throw new IllegalStateException("meeting node " + dead.name() + " died; see " + dead.child().log);
                    }
                    if (answered < n) {
                        c.terminal.println(String.format("meeting: %d of %d participants not answered: the ramp stops", n - answered, n));
                        break;
                    }
                }
            } finally {
                List<Double> left = room.leave();
                c.report.figure(NAME, "sessions_left_after_bye", left.stream().mapToDouble(v -> v < 0 ? 1 : v).sum(), "sessions",
                        nodeCount == 1 ? "the node's sessions gauge 15 s after the last BYE"
                                : "the nodes' sessions gauges summed 15 s after the last BYE");
            }
            if (nodeCount == 1) {
                summarize(c, single);
            } else {
                MeetingCascadeSummary.summarize(c, cascaded);
            }
        }
    }

    private static void validate(int[] steps, int talkers, int joinRate, Duration measure, int nodeCount) {
        if (nodeCount < 1 || nodeCount > 2) {
            throw new IllegalArgumentException("meeting: --nodes must be 1 or 2");
        }
        if (steps.length == 0 || steps[0] < 1) {
            throw new IllegalArgumentException("meeting: --steps must list positive participant counts");
        }
        for (int i = 1; i < steps.length; i++) {
            if (steps[i] <= steps[i - 1]) {
                throw new IllegalArgumentException("meeting: --steps must grow (participants stay from step to step)");
            }
        }
        if (MeetingNodes.perNode(steps[steps.length - 1], nodeCount) > MeetingSettings.MAX_SESSIONS - 50) {
            throw new IllegalArgumentException("meeting: at most " + (MeetingSettings.MAX_SESSIONS - 50) + " participants on one node");
        }
        if (talkers < 0 || talkers > MAX_TALKERS) {
            throw new IllegalArgumentException("meeting: --talkers must be 0-" + MAX_TALKERS);
        }
        if (joinRate < 1 || measure.toSeconds() < 1) {
            throw new IllegalArgumentException("meeting: --join-rate and --measure must be positive");
        }
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
    static double finite(double ms) {
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
        r.note("meeting: one node; two cascaded nodes: run with --nodes 2");
        c.terminal.println(best == null
                ? "meeting: RESULT: no step held (p99 tick and pacing <= 5 ms, >= 95 % of packets); goal " + GOAL
                : String.format(Locale.ROOT, "meeting: RESULT: largest room held %d participants (goal %,d in one room on one core), "
                        + "tick p99 %s ms, pacing p99 %s ms, node CPU %.1f %% of a core = %.1f us/participant-s = %.3f %% of a core "
                        + "per participant", best.participants(), GOAL, MeetingStep.ms(best.tickP99Ms()).trim(),
                MeetingStep.ms(best.pacingP99Ms()).trim(), best.cpuPct(), best.usPerParticipantS(),
                best.cpuPct() / Math.max(1, best.answered())));
        c.terminal.println("meeting: anchor: " + ANCHOR);
        c.terminal.println("meeting: two cascaded nodes: run with --nodes 2");
    }
}
