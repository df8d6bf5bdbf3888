package io.switchboard.signaling.call;

/**
 * An answered call's parties as call control tells its listeners ({@link CallControl#onAnsweredCallStart},
 * {@link CallControl#onAnsweredCallEnd}).
 *
 * @param callId       signaling's id of the call (leg A's Call-ID, the CDR's {@code call_id})
 * @param caller       the caller's extension or number now
 * @param callee       the callee's now (after a transfer, the target)
 * @param gaveALegAway at the end: one of its legs went on in another call (attended transfer), so its
 *                     parties' conversation did not end with it
 */
public record AnsweredCall(String callId, String caller, String callee, boolean gaveALegAway) {
}
