package io.switchboard.loadtest.bench;

import java.util.Locale;

/**
 * What one step of {@link MeetingBenchmark} measured over its window.
 *
 * @param participants      participants meant to be in the room at this step
 * @param answered          of them, answered by the node (and still in)
 * @param tickP99Ms         the node's tick work, smallest bucket bound holding 99 % of the window's ticks
 * @param pacingP99Ms       the same for |tick start - previous - 20 ms|
 * @param ticks             ticks the node counted in the window (every media loop)
 * @param cpuPct            the node's process CPU (utime + stime) over the window, % of one core
 * @param usPerParticipantS that CPU in microseconds per participant-second
 * @param receivedMean      audio packets received per participant in the window, mean
 * @param receivedMin       the same, the participant with the fewest
 * @param expected          packets per participant the window should carry (window / 20 ms)
 * @param listenerHears     the probe listener hears every mixed talker's tone (null: nobody to check)
 * @param talkerNotSelf     the probe talker does not hear its own tone (null: no talker)
 * @param benchCpuPct       this JVM's CPU over the window (the phones and signaling), % of one core
 * @param phoneLagMs        the phones' largest lateness sending, ms (their own jitter)
 * @param machinePct        the whole machine busy over the window (every process, interrupts, softirq), % of one core
 */
record MeetingStep(int participants, int answered, double tickP99Ms, double pacingP99Ms, double ticks, double cpuPct,
                   double usPerParticipantS, double receivedMean, long receivedMin, long expected, Boolean listenerHears,
                   Boolean talkerNotSelf, double benchCpuPct, double phoneLagMs, double machinePct) {

    /** The step of a one-node run from its window. */
    static MeetingStep of(int participants, MeetingWindow w) {
        MeetingWindow.Node n = w.nodes().get(0);
        return new MeetingStep(participants, w.answeredTotal(), n.tickP99Ms(), n.pacingP99Ms(), n.ticks(), n.cpuPct(),
                n.usPerParticipantS(), w.receivedMean(), w.receivedMin(), w.expected(), w.listenerHears().get(0),
                w.talkerNotSelf(), w.benchCpuPct(), w.phoneLagMs(), w.machinePct());
    }

    double receivedPct() {
        return expected <= 0 ? 0 : 100.0 * receivedMean / expected;
    }

    /**
     * The machine's busy time that is neither the node's nor this JVM's: other processes, and the
     * kernel's interrupt and softirq work (loopback delivery), which no process is charged for. When
     * it is large the step measured a shared machine.
     */
    double othersPct() {
        return Math.max(0, machinePct - cpuPct - benchCpuPct);
    }

    /** Both p99s within the bound, enough packets, everyone answered and the audio checks (where made) good. */
    boolean held(double boundMs, double minReceivedPct) {
        return answered == participants && tickP99Ms <= boundMs && pacingP99Ms <= boundMs
                && receivedPct() >= minReceivedPct && !Boolean.FALSE.equals(listenerHears)
                && !Boolean.FALSE.equals(talkerNotSelf);
    }

    String row(double boundMs, double minReceivedPct) {
        return String.format(Locale.ROOT, "%5d participants (%5d answered)  tick p99 %s ms  pacing p99 %s ms  "
                        + "node CPU %5.1f %% of a core = %6.1f us/participant-s (%.3f %% of a core each)  "
                        + "RTP %6.1f/%d per participant (%5.1f %%, min %d)  listener hears talkers %s, talker hears itself %s  "
                        + "(bench JVM %4.1f %%, machine %5.1f %% of %d cores of which others %5.1f %%, phone lag max %.1f ms)  %s",
                participants, answered, ms(tickP99Ms), ms(pacingP99Ms), cpuPct, usPerParticipantS,
                answered == 0 ? 0 : cpuPct / answered, receivedMean, expected, receivedPct(), receivedMin,
                yesNo(listenerHears), talkerNotSelf == null ? "n/a" : talkerNotSelf ? "no" : "YES", benchCpuPct, machinePct,
                Runtime.getRuntime().availableProcessors(), othersPct(), phoneLagMs,
                held(boundMs, minReceivedPct) ? "HELD" : "not held");
    }

    static String ms(double v) {
        return Double.isInfinite(v) ? " >50" : String.format(Locale.ROOT, "%4.2f", v);
    }

    private static String yesNo(Boolean b) {
        return b == null ? "n/a" : b ? "yes" : "NO";
    }
}
