package io.switchboard.loadtest.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One step of {@link MeetingBenchmark} with the room spread over cascaded nodes (A the entry and
 * hub, B a part): each node's own figures, their sum per participant, and the audio across nodes,
 * which is how the trunks are seen to be up (the nodes have no gauge for them).
 *
 * @param participants participants meant to be in the room at this step
 * @param labels       the nodes' labels (A, B), in {@link MeetingWindow#nodes()} order
 * @param window       what the window measured
 */
record CascadeStep(int participants, List<String> labels, MeetingWindow window) {

    /** Everyone answered, every node's p99s within the bound, enough packets, every audio check (where made) good. */
    boolean held(double boundMs, double minReceivedPct) {
        return window.answeredTotal() == participants && window.nodes().stream().allMatch(n -> n.within(boundMs))
                && window.receivedPct() >= minReceivedPct && !window.listenerHears().contains(Boolean.FALSE)
                && !window.hearsOtherNode().contains(Boolean.FALSE) && !Boolean.FALSE.equals(window.talkerNotSelf());
    }

    /** Up: each node's listener hears the other nodes' talkers; down: one does not; null: nothing to check yet. */
    Boolean trunksUp() {
        List<Boolean> across = window.hearsOtherNode();
        if (across.contains(Boolean.FALSE)) {
            return false;
        }
        return across.contains(null) ? null : true;
    }

    double cpuPctPerParticipant() {
        return window.cpuPctTotal() / Math.max(1, window.answeredTotal());
    }

    /** Both nodes' CPU in microseconds per participant-second. */
    double usPerParticipantS() {
        return window.cpuPctTotal() * 1e4 / Math.max(1, window.answeredTotal());
    }

    String row(double boundMs, double minReceivedPct) {
        MeetingWindow w = window;
        List<String> answered = new ArrayList<>();
        StringBuilder nodes = new StringBuilder();
        StringBuilder hears = new StringBuilder();
        for (int k = 0; k < labels.size(); k++) {
            MeetingWindow.Node n = w.nodes().get(k);
            answered.add(labels.get(k) + " " + w.answered().get(k));
            nodes.append(String.format(Locale.ROOT, "  %s: tick p99 %s ms, pacing p99 %s ms, CPU %5.1f %%", labels.get(k),
                    MeetingStep.ms(n.tickP99Ms()), MeetingStep.ms(n.pacingP99Ms()), n.cpuPct()));
            hears.append(String.format(Locale.ROOT, "%s's listener hears %s's talkers %s (all mixed %s), ", labels.get(k),
                    others(k), yesNo(w.hearsOtherNode().get(k)), yesNo(w.listenerHears().get(k))));
        }
        Boolean up = trunksUp();
        return String.format(Locale.ROOT, "%5d participants (%5d answered: %s)%s  sum CPU %5.1f %% of a core = %6.1f us/participant-s "
                        + "(%.3f %% of a core each)  RTP %6.1f/%d per participant (%5.1f %%, min %d)  %stalker hears itself %s, "
                        + "trunks %s  (bench JVM %4.1f %%, machine %5.1f %% of %d cores of which others %5.1f %%, phone lag max %.1f ms)  %s",
                participants, w.answeredTotal(), String.join(", ", answered), nodes, w.cpuPctTotal(), usPerParticipantS(),
                cpuPctPerParticipant(), w.receivedMean(), w.expected(), w.receivedPct(), w.receivedMin(), hears,
                w.talkerNotSelf() == null ? "n/a" : w.talkerNotSelf() ? "no" : "YES",
                up == null ? "n/a" : up ? "up (heard across)" : "DOWN (not heard across)", w.benchCpuPct(), w.machinePct(),
                Runtime.getRuntime().availableProcessors(), othersPct(), w.phoneLagMs(),
                held(boundMs, minReceivedPct) ? "HELD" : "not held");
    }

    /** The machine's busy time that is neither a node's nor this JVM's (other processes, softirq). */
    double othersPct() {
        return Math.max(0, window.machinePct() - window.cpuPctTotal() - window.benchCpuPct());
    }

    private String others(int k) {
        List<String> rest = new ArrayList<>(labels);
        rest.remove(k);
        return String.join("+", rest);
    }

    private static String yesNo(Boolean b) {
        return b == null ? "n/a" : b ? "yes" : "NO";
    }
}
