package io.switchboard.loadtest.bench;

import java.util.List;

/**
 * What one measuring window of {@link MeetingRoom} saw, node by node (in {@link MeetingNodes} order)
 * and over all the phones.
 *
 * @param nodes          each node's tick, pacing and CPU
 * @param answered       each node's participants answered (and still in)
 * @param receivedMean   audio packets received per answered participant in the window, mean
 * @param receivedMin    the same, the participant with the fewest
 * @param expected       packets per participant the window should carry (window / 20 ms)
 * @param listenerHears  per node, its probe listener hears every mixed talker's tone, wherever the talker is (null: nobody to check)
 * @param hearsOtherNode per node, its probe listener hears the mixed talkers of the other nodes (null: none, or one node)
 * @param talkerNotSelf  no answered talker hears its own tone (null: no talker)
 * @param benchCpuPct    this JVM's CPU over the window (the phones and signaling), % of one core
 * @param phoneLagMs     the phones' largest lateness sending, ms
 * @param machinePct     the whole machine busy over the window, % of one core
 */
record MeetingWindow(List<Node> nodes, List<Integer> answered, double receivedMean, long receivedMin, long expected,
                     List<Boolean> listenerHears, List<Boolean> hearsOtherNode, Boolean talkerNotSelf, double benchCpuPct,
                     double phoneLagMs, double machinePct) {

    /**
     * One node over the window.
     *
     * @param tickP99Ms         its tick work, smallest bucket bound holding 99 % of the window's ticks
     * @param pacingP99Ms       the same for |tick start - previous - 20 ms|
     * @param ticks             ticks it counted (every media loop)
     * @param cpuPct            its process CPU (utime + stime), % of one core
     * @param usPerParticipantS that CPU in microseconds per second per participant it holds
     */
    record Node(double tickP99Ms, double pacingP99Ms, double ticks, double cpuPct, double usPerParticipantS) {
        boolean within(double boundMs) {
            return tickP99Ms <= boundMs && pacingP99Ms <= boundMs;
        }
    }

    int answeredTotal() {
        return answered.stream().mapToInt(Integer::intValue).sum();
    }

    double cpuPctTotal() {
        return nodes.stream().mapToDouble(Node::cpuPct).sum();
    }

    double receivedPct() {
        return expected <= 0 ? 0 : 100.0 * receivedMean / expected;
    }
}
