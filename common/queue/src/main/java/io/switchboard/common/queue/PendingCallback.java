package io.switchboard.common.queue;

import java.io.Serializable;

/**
 * A caller who hung up to be called back, as its queue's host keeps it in the cluster, so that the
 * node taking the queue over (its host died or stopped) calls it back in its place.
 *
 * @param queue          the queue's name
 * @param id             the caller's id in the line
 * @param number         the number to call back
 * @param joinedAt       when it first reached the queue (signaling's clock): its place
 * @param callId         signaling's id of its original call (the record's link to the CDRs)
 * @param signalingHost  where calls are placed
 * @param signalingPort  ditto
 * @param attempts       callbacks tried so far
 */
public record PendingCallback(String queue, String id, String number, long joinedAt, String callId,
                              String signalingHost, int signalingPort, int attempts) implements Serializable {

    String key() {
        return queue + "/" + id;
    }
}
