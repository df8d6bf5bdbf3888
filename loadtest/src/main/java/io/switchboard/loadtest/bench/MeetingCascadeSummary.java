package io.switchboard.loadtest.bench;

import static io.switchboard.loadtest.bench.MeetingBenchmark.BOUND_MS;
import static io.switchboard.loadtest.bench.MeetingBenchmark.GOAL;
import static io.switchboard.loadtest.bench.MeetingBenchmark.MIN_RECEIVED_PCT;
import static io.switchboard.loadtest.bench.MeetingBenchmark.NAME;
import static io.switchboard.loadtest.bench.MeetingBenchmark.finite;

import io.switchboard.loadtest.report.Report;
import java.util.List;
import java.util.Locale;

/**
 * The report and terminal lines of a {@code --nodes 2} run: each step's row and chart points, node by
 * node, and the largest step held (every node within the bounds, the room heard across) beside the
 * one-node goal. Figures are named {@code cascade_*} so a report never mixes them with one node's.
 */
final class MeetingCascadeSummary {
    private MeetingCascadeSummary() {
    }

    static void record(RunContext c, CascadeStep s) {
        String row = s.row(BOUND_MS, MIN_RECEIVED_PCT);
        c.terminal.println("meeting: " + row);
        c.report.note("meeting step: " + row);
        double t = c.now();
        for (int k = 0; k < s.labels().size(); k++) {
            String node = "node " + s.labels().get(k);
            MeetingWindow.Node n = s.window().nodes().get(k);
            c.report.point("meeting-tick", "meeting: nodes' tick p99 (end of each step)", "ms", node + " tick work p99", t,
                    finite(n.tickP99Ms()));
            c.report.point("meeting-tick", "meeting: nodes' tick p99 (end of each step)", "ms", node + " |pacing - 20 ms| p99", t,
                    finite(n.pacingP99Ms()));
            c.report.point("meeting-cpu", "meeting: nodes' CPU (each step's window)", "% of a core", node, t, n.cpuPct());
        }
        c.report.point("meeting-participants", "meeting: participants in the room", "participants", "answered", t,
                s.window().answeredTotal());
    }

    static void summarize(RunContext c, List<CascadeStep> results) {
        CascadeStep best = null;
        for (CascadeStep s : results) {
            if (s.held(BOUND_MS, MIN_RECEIVED_PCT)) {
                best = s;
            }
        }
        Report r = c.report;
        r.figure(NAME, "cascade_max_participants_held", best == null ? 0 : best.participants(),
                "participants  (one node's goal " + GOAL + ")", "largest step with both cascaded nodes' tick p99 and |pacing - 20 ms| "
                        + "p99 <= " + BOUND_MS + " ms, >= " + MIN_RECEIVED_PCT + " % of packets and the room heard across nodes");
        if (best != null) {
            figures(r, "cascade_", best, "at cascade_max_participants_held");
        }
        CascadeStep last = results.isEmpty() ? null : results.get(results.size() - 1);
        if (last != null) {
            r.figure(NAME, "cascade_largest_step_participants", last.window().answeredTotal(), "participants",
                    "answered on both nodes at the largest step run");
            figures(r, "cascade_largest_step_", last, "at the largest step run");
            Boolean up = last.trunksUp();
            r.figure(NAME, "cascade_largest_step_heard_across", up == null ? -1 : up ? 1 : 0, "1 = yes",
                    "each node's listener heard the other node's talkers at the largest step run (the trunks up)");
        }
        r.note("meeting: " + MeetingBenchmark.ANCHOR);
        r.note("meeting: two cascaded nodes, A the room's entry and hub, A and B its parts, the participants half on each");
        c.terminal.println(best == null
                ? String.format(Locale.ROOT, "meeting: RESULT (2 cascaded nodes): no step held (both nodes' p99 tick and pacing "
                        + "<= %.0f ms, >= %.0f %% of packets, heard across); one node's goal %,d in one room on one core",
                BOUND_MS, MIN_RECEIVED_PCT, GOAL)
                : String.format(Locale.ROOT, "meeting: RESULT (2 cascaded nodes): largest room held %d participants over two nodes "
                        + "(%s), beside one node's goal of %,d in one room on one core; %s; both nodes' CPU %.1f %% of a core = "
                        + "%.1f us/participant-s = %.3f %% of a core per participant", best.participants(), answered(best), GOAL,
                nodes(best), best.window().cpuPctTotal(), best.usPerParticipantS(), best.cpuPctPerParticipant()));
        c.terminal.println("meeting: anchor: " + MeetingBenchmark.ANCHOR);
    }

    private static void figures(Report r, String prefix, CascadeStep s, String where) {
        for (int k = 0; k < s.labels().size(); k++) {
            String label = s.labels().get(k);
            String id = label.toLowerCase(Locale.ROOT);
            MeetingWindow.Node n = s.window().nodes().get(k);
            r.figure(NAME, prefix + "tick_p99_ms_" + id, finite(n.tickP99Ms()), "ms", "node " + label + " tick work p99 " + where);
            r.figure(NAME, prefix + "pacing_p99_ms_" + id, finite(n.pacingP99Ms()), "ms",
                    "node " + label + " |tick start - previous - 20 ms| p99 " + where);
            r.figure(NAME, prefix + "cpu_pct_" + id, n.cpuPct(), "% of a core", "node " + label + " process CPU " + where);
        }
        r.figure(NAME, prefix + "cpu_pct_per_participant", s.cpuPctPerParticipant(), "% of a core",
                "both nodes' CPU per participant (G.711) " + where + "; anchor 4-5 % per Opus participant (FreeSWITCH, published)");
        r.figure(NAME, prefix + "cpu_us_per_participant_s", s.usPerParticipantS(), "us/participant-s",
                "both nodes' CPU per participant-second " + where);
        r.figure(NAME, prefix + "received_pct", s.window().receivedPct(), "%", "mix packets received per participant vs 50/s " + where);
    }

    private static String answered(CascadeStep s) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < s.labels().size(); k++) {
            b.append(k == 0 ? "" : ", ").append(s.labels().get(k)).append(' ').append(s.window().answered().get(k));
        }
        return b.toString();
    }

    private static String nodes(CascadeStep s) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < s.labels().size(); k++) {
            MeetingWindow.Node n = s.window().nodes().get(k);
            b.append(k == 0 ? "" : "; ").append(String.format(Locale.ROOT, "node %s tick p99 %s ms, pacing p99 %s ms, CPU %.1f %%",
                    s.labels().get(k), MeetingStep.ms(n.tickP99Ms()).trim(), MeetingStep.ms(n.pacingP99Ms()).trim(), n.cpuPct()));
        }
        return b.toString();
    }
}
