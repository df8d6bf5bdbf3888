package io.switchboard.queue.logic;

import io.switchboard.common.queue.AgentState;
import io.switchboard.common.queue.AgentStatus;
import io.switchboard.common.queue.QueueMember;
import io.switchboard.common.queue.QueueStats;
import java.util.List;
import java.util.Map;

/**
 * The statistics of one queue on its host, counted since the host took the queue, and the
 * {@link QueueStats} it publishes from them.
 *
 * <p>Answer waits are kept as a count per whole second (rounded up, up to an hour: the largest
 * service-level target), so the service level is exact for whatever target the queue has when the
 * figures are computed, even after the operator changed it.
 *
 * <p>Not thread-safe: owned by its queue's thread.
 */
public final class QueueTally {
    public static final long DEFAULT_SHORT_ABANDON_MILLIS = 10_000;
    /** The largest service-level target a queue may have, in seconds. */
    public static final int LONGEST_TARGET = 3600;

    private final long shortAbandonMillis;
    // answeredBySecond[s]: answered after a wait of (s-1, s] seconds; the last slot holds everything longer.
    private final long[] answeredBySecond = new long[LONGEST_TARGET + 2];
    private long joined;
    private long answered;
    private long answerWaitTotal;
    private long abandoned;
    private long abandonedShort;
    private long exited;
    private long handled;
    private long handleTotal;

    public QueueTally() {
        this(DEFAULT_SHORT_ABANDON_MILLIS);
    }

    /** @param shortAbandonMillis a caller hanging up sooner than this counts as a short abandon too */
    public QueueTally(long shortAbandonMillis) {
        if (shortAbandonMillis < 0) {
            throw new IllegalArgumentException("the short-abandon threshold cannot be negative, got " + shortAbandonMillis);
        }
        this.shortAbandonMillis = shortAbandonMillis;
    }

    /** A caller joined the queue. */
    public void joined() {
        joined++;
    }

    /** A caller was connected to an agent after waiting {@code waitMillis}. */
    public void answered(long waitMillis) {
        long wait = Math.max(0, waitMillis);
        answered++;
        answerWaitTotal += wait;
        long seconds = (wait + 999) / 1000;
        answeredBySecond[(int) Math.min(seconds, LONGEST_TARGET + 1L)]++;
    }

    /** A caller hung up while waiting, after {@code waitMillis}. */
    public void abandoned(long waitMillis) {
        abandoned++;
        if (waitMillis < shortAbandonMillis) {
            abandonedShort++;
        }
    }

    /** A caller was sent elsewhere (timeout, full, exit key, no agents). */
    public void exited() {
        exited++;
    }

    /** An agent's queue call ended after {@code handleMillis} (answer to hang-up). */
    public void handled(long handleMillis) {
        handled++;
        handleTotal += Math.max(0, handleMillis);
    }

    public long joinedCount() {
        return joined;
    }

    /** % of answered callers answered within {@code targetSeconds}; 100 when none was answered yet. */
    public double serviceLevel(int targetSeconds) {
        if (answered == 0) {
            return 100.0;
        }
        int upTo = Math.max(0, Math.min(targetSeconds, LONGEST_TARGET));
        long within = 0;
        for (int s = 0; s <= upTo; s++) {
            within += answeredBySecond[s];
        }
        return 100.0 * within / answered;
    }

    /**
     * The queue's figures now.
     *
     * @param members             the queue's members: the agents counted by state
     * @param agentStates         agents' states by extension; a member missing here counts as logged out
     * @param serviceLevelSeconds the queue's answer-time target
     * @param onDirectCalls       agents on a call that is not the queue's (an agent free for the queue but
     *                            on such a call counts as busy, as the queue would not offer it a caller)
     */
    public QueueStats stats(String queueName, String node, WaitingLine waitingLine, Map<String, AgentState> agentStates,
                            List<QueueMember> members, java.util.Set<String> onDirectCalls, int serviceLevelSeconds, long now) {
        int available = 0;
        int busy = 0;
        int paused = 0;
        int loggedOut = 0;
        for (QueueMember m : members) {
            AgentState s = agentStates.get(m.extension());
            AgentStatus status = s == null ? AgentStatus.LOGGED_OUT : s.status();
            if (s != null && s.canTakeCall(now) && !onDirectCalls.contains(m.extension())) {
                available++; // includes a wrap-up that is over
            } else if (status == AgentStatus.PAUSED) {
                paused++;
            } else if (status == AgentStatus.LOGGED_OUT) {
                loggedOut++;
            } else {
                busy++; // ringing, on a queue call or a direct one, or in a wrap-up not over yet
            }
        }
        double averageWait = answered == 0 ? 0 : answerWaitTotal / 1000.0 / answered;
        double averageHandle = handled == 0 ? 0 : handleTotal / 1000.0 / handled;
        return new QueueStats(queueName, node, waitingLine.size(), waitingLine.longestWaitMillis(now) / 1000, answered,
                abandoned, abandonedShort, exited, averageWait, averageHandle, serviceLevel(serviceLevelSeconds),
                available, busy, paused, loggedOut, now);
    }
}
