package io.switchboard.signaling.cdr;

import java.time.Instant;

/**
 * One call detail record. {@code answeredAt} is null for unanswered calls; {@code endedBy} is
 * "caller", "callee", "system" (timeouts, failures, shutdown), "transfer", "media-failure",
 * "operator" (hung up through the admin API) or "failover" (ringing on an HA member that was lost).
 */
public record Cdr(String id, String callId, String caller, String callee, Instant startedAt, Instant answeredAt,
                  Instant endedAt, long durationMillis, Disposition disposition, int sipStatus, String endedBy,
                  String mediaNode, String trunk, String sentNumber) {
    public Cdr {
        trunk = trunk == null ? "" : trunk;
        sentNumber = sentNumber == null ? "" : sentNumber;
    }

    /** A call between extensions (no trunk). */
    public Cdr(String id, String callId, String caller, String callee, Instant startedAt, Instant answeredAt, Instant endedAt,
               long durationMillis, Disposition disposition, int sipStatus, String endedBy, String mediaNode) {
        this(id, callId, caller, callee, startedAt, answeredAt, endedAt, durationMillis, disposition, sipStatus, endedBy, mediaNode,
                "", "");
    }
}
