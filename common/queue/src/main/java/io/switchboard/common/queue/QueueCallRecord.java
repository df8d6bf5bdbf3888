package io.switchboard.common.queue;

import java.io.Serializable;

/**
 * One caller's passage through a queue, written by the queue's host when the caller leaves the line
 * (one record per caller, whichever way it left) and stored by signaling in {@code queue_calls}.
 *
 * <p>The agent's side of the conversation is the signaling CDR whose {@code call_id} is
 * {@link #agentCallId}: for a caller joined to an agent that is the caller's own call (signaling
 * joined the agent into it; its callee becomes the agent), for a callback the call the queue placed
 * to the caller.
 *
 * @param id          unique (a UUID)
 * @param queue       the queue's name
 * @param caller      the caller's number
 * @param joinedAt    when the caller first reached the queue (epoch ms, signaling's clock when it said)
 * @param endedAt     when it left the line (epoch ms): joined to the agent, hung up, sent elsewhere
 * @param waitMillis  how long it waited ({@code endedAt - joinedAt})
 * @param outcome     how it left
 * @param agent       the agent who answered; empty unless {@link QueueCallOutcome#ANSWERED}
 * @param destination where it was sent ({@code timeout}, {@code full}, {@code empty}, {@code exit-key}); empty = hang-up
 * @param callback    whether it had asked to be called back
 * @param callId      signaling's id (A-leg Call-ID, the CDR's {@code call_id}) of the caller's call; the
 *                    queue node's Call-ID of it when signaling did not say
 * @param agentCallId signaling's id of the call in which the agent talks to the caller; empty when none
 * @param node        the queue node that hosted the queue
 */
public record QueueCallRecord(String id, String queue, String caller, long joinedAt, long endedAt, long waitMillis,
                              QueueCallOutcome outcome, String agent, String destination, boolean callback,
                              String callId, String agentCallId, String node) implements Serializable {

    public QueueCallRecord {
        caller = caller == null ? "" : caller;
        agent = agent == null ? "" : agent;
        destination = destination == null ? "" : destination;
        callId = callId == null ? "" : callId;
        agentCallId = agentCallId == null ? "" : agentCallId;
        node = node == null ? "" : node;
    }
}
