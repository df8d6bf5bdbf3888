package io.switchboard.common.queue;

import java.io.Serializable;

/**
 * One agent's state across every queue it belongs to (an agent is one person: a call from any
 * queue makes it busy for all of them).
 *
 * @param extension     the agent's user extension
 * @param status        where the agent is
 * @param pauseReason   why it is paused ({@code no-answer} when paused for missed offers); empty otherwise
 * @param since         when {@code status} began (epoch ms)
 * @param lastOffered   when a queue last rang the agent (epoch ms, 0 = never): least-recent
 * @param lastCallEnd   when the agent's last queue call ended (epoch ms, 0 = never): longest-idle
 * @param answered      queue calls answered since login: fewest-calls
 * @param misses        offers in a row not answered (back to 0 on an answer)
 * @param wrapUpUntil   end of the wrap-up (epoch ms) while {@code status} is WRAP_UP
 * @param ringingFor    the caller (Call-ID at the queue node) the agent is rung or connected for; empty otherwise
 */
public record AgentState(String extension, AgentStatus status, String pauseReason, long since, long lastOffered,
                         long lastCallEnd, long answered, int misses, long wrapUpUntil, String ringingFor)
        implements Serializable {

    public AgentState {
        pauseReason = pauseReason == null ? "" : pauseReason;
        ringingFor = ringingFor == null ? "" : ringingFor;
    }

    public static AgentState loggedOut(String extension, long now) {
        return new AgentState(extension, AgentStatus.LOGGED_OUT, "", now, 0, 0, 0, 0, 0, "");
    }

    /** Logged in and with no call or wrap-up left: may be offered a call ({@code now} ends a wrap-up). */
    public boolean canTakeCall(long now) {
        return status == AgentStatus.AVAILABLE || status == AgentStatus.WRAP_UP && wrapUpUntil <= now;
    }

    public boolean loggedIn() {
        return status != AgentStatus.LOGGED_OUT;
    }

    public AgentState with(AgentStatus next, long now) {
        return new AgentState(extension, next, next == AgentStatus.PAUSED ? pauseReason : "", now, lastOffered,
                lastCallEnd, answered, misses, wrapUpUntil, next == AgentStatus.RINGING || next == AgentStatus.ON_CALL
                ? ringingFor : "");
    }

    public AgentState login(long now) {
        return new AgentState(extension, AgentStatus.AVAILABLE, "", now, lastOffered, lastCallEnd, 0, 0, 0, "");
    }

    public AgentState paused(String reason, long now) {
        return new AgentState(extension, AgentStatus.PAUSED, reason == null || reason.isBlank() ? "paused" : reason, now,
                lastOffered, lastCallEnd, answered, misses, wrapUpUntil, "");
    }

    /** Rung for {@code caller}. */
    public AgentState ringing(String caller, long now) {
        return new AgentState(extension, AgentStatus.RINGING, "", now, now, lastCallEnd, answered, misses, 0, caller);
    }

    /** Answered the offer for {@code caller}. */
    public AgentState connected(String caller, long now) {
        return new AgentState(extension, AgentStatus.ON_CALL, "", now, lastOffered, lastCallEnd, answered + 1, 0, 0, caller);
    }

    /** Did not answer an offer: available again, or paused for {@code no-answer} after {@code pauseAfter} misses (0 = never). */
    public AgentState missed(int pauseAfter, long now) {
        int m = misses + 1;
        if (pauseAfter > 0 && m >= pauseAfter) {
            return new AgentState(extension, AgentStatus.PAUSED, "no-answer", now, lastOffered, lastCallEnd, answered, m, 0, "");
        }
        return new AgentState(extension, AgentStatus.AVAILABLE, "", now, lastOffered, lastCallEnd, answered, m, 0, "");
    }

    /** The queue call ended: wrap-up for {@code wrapUpMillis} (AVAILABLE when 0). */
    public AgentState callEnded(long wrapUpMillis, long now) {
        AgentStatus next = wrapUpMillis > 0 ? AgentStatus.WRAP_UP : AgentStatus.AVAILABLE;
        return new AgentState(extension, next, "", now, lastOffered, now, answered, 0, now + wrapUpMillis, "");
    }
}
