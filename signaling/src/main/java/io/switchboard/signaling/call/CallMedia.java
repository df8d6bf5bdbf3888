package io.switchboard.signaling.call;

import io.switchboard.common.ng.NgCommand;
import io.switchboard.common.ng.NgSender;
import io.switchboard.common.ng.NgTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's commands to the media node holding its relay: answers, re-offers, the transfer's
 * hand-over and the final delete, all sent without blocking (docs/ARCHITECTURE.md "Call path"). A
 * reply comes back as the SDP it carries, or null when the node refused or stayed silent; that is
 * logged here, so the call only decides what null means for its SIP side.
 */
final class CallMedia {
    // The call's log, as when these lines were written by B2buaCall itself.
    private static final Logger LOG = LoggerFactory.getLogger(B2buaCall.class);

    private final NgSender ng;
    private final MediaLease lease;
    private final String callId;

    CallMedia(NgSender ng, MediaLease lease, String callId) {
        this.ng = ng;
        this.lease = lease;
        this.callId = callId;
    }

    MediaLease lease() {
        return lease;
    }

    /** ng answer: {@code fromTag} made the offer, the SDP is {@code toTag}'s answer; the SDP for the offerer. */
    CompletableFuture<String> answer(String fromTag, String toTag, String sdp) {
        return sdpOf(anchored(NgCommand.answer(callId, fromTag, toTag, sdp)).build());
    }

    /** ng offer for a re-INVITE: the SDP for the other side. */
    CompletableFuture<String> offer(String fromTag, String toTag, String sdp) {
        return sdpOf(anchored(NgCommand.offer(callId, fromTag, sdp).toTag(toTag)).build());
    }

    /** ng answer that hands the relay leg of {@code replaceTag} to {@code toTag} (media-server README-ng.md). */
    CompletableFuture<String> handOver(String fromTag, String toTag, String replaceTag, String sdp) {
        return sdpOf(anchored(NgCommand.answer(callId, fromTag, toTag, sdp)).replaceTag(replaceTag).build());
    }

    /** Starts recording the call on its media node (a trunk that records its calls); a refusal is only logged. */
    void startRecording() {
        ng.send(lease.ng(), NgCommand.builder(NgCommand.Name.START_RECORDING).callId(callId).build()).whenComplete((reply, error) -> {
            if (error != null || !reply.ok()) {
                LOG.warn("call {}: media node {} did not start recording: {}", callId, lease.node(),
                        error != null ? cause(error).getMessage() : reply.errorReason());
            }
        });
    }

    /**
     * Releases the session and waits for nothing: ending a call must not wait for a slow or dead
     * media node (its own inactivity timeout, media.timeout, removes the session then).
     */
    void release() {
        ng.send(lease.ng(), NgCommand.delete(callId)).whenComplete((reply, error) -> {
            if (error != null) {
                LOG.warn("delete of call {} on media node {} not confirmed: {}", callId, lease.node(), cause(error).getMessage());
            }
        });
    }

    /** Every SDP through the relay: addresses from the SDP are trusted, origin and connection rewritten. */
    private static NgCommand.Builder anchored(NgCommand.Builder command) {
        return command.flags("trust-address").replace("origin", "session-connection");
    }

    private CompletableFuture<String> sdpOf(NgCommand command) {
        String name = command.name().wire();
        return ng.send(lease.ng(), command).handle((reply, error) -> {
            if (error == null && reply.ok() && reply.sdp() != null) {
                return reply.sdp();
            }
            if (error == null) {
                LOG.warn("media node {} refused {} for call {}: {}", lease.node(), name, callId, reply.errorReason());
            } else if (cause(error) instanceof NgTimeoutException) {
                LOG.warn("media node {} silent on {} for call {}: {}", lease.node(), name, callId, cause(error).getMessage());
            } else {
                LOG.warn("media node {} gave no usable reply to {} for call {}: {}", lease.node(), name, callId,
                        cause(error).toString());
            }
            return null;
        });
    }

    /** The failure itself, not the wrapper a dependent future puts around it. */
    static Throwable cause(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
