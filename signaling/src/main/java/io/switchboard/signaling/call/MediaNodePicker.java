package io.switchboard.signaling.call;

import io.switchboard.common.cluster.NodeRegistry;
import io.switchboard.common.cluster.NodeStatus;
import io.switchboard.common.ng.NgCommand;
import io.switchboard.common.ng.NgSender;
import io.switchboard.common.ng.NgTimeoutException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import io.switchboard.common.sip.SipTransportKind;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the media node for a call (docs/ARCHITECTURE.md "Call path"): online, under its cap, least loaded
 * first; a node that refuses the ng offer or is silent for the ng timeout (500 ms) is skipped and the
 * next one tried, so a call is never lost to a node a retry could avoid. No thread waits for a node:
 * each next offer leaves from the completion of the one before.
 */
final class MediaNodePicker {
    static final String ROLE = "media";
    private static final Logger LOG = LoggerFactory.getLogger(MediaNodePicker.class);
    private final Supplier<List<NodeStatus>> online;
    private final LongSupplier clusterTime;
    private final NgSender ng;
    private final RecentAllocations recent = new RecentAllocations();

    MediaNodePicker(Supplier<NodeRegistry> registry, NgSender ng) {
        this(() -> registry.get().serving(ROLE), () -> registry.get().clusterTime(), ng);
    }

    /** @param online the online media nodes, as the registry sees them now */
    MediaNodePicker(Supplier<List<NodeStatus>> online, LongSupplier clusterTime, NgSender ng) {
        this.online = online;
        this.clusterTime = clusterTime;
        this.ng = ng;
    }

    /**
     * Opens the session with an ng offer on the first node that takes it; completes with
     * {@link NoMediaNodeException} when no node is left to try.
     */
    CompletableFuture<MediaLease> offer(String callId, String fromTag, String sdp, boolean callerIsPublic, boolean calleeIsPublic) {
        return offer(callId, fromTag, sdp, callerIsPublic, calleeIsPublic, CalleeMedia.PLAIN);
    }

    /** What the callee's phones are offered, from the transports their bindings came over. */
    enum CalleeMedia {
        /** RTP/AVP (what the caller offered, SDES or WebRTC taken off by the media node). */
        PLAIN,
        /**
         * Every binding is over TLS: opportunistic SRTP (RFC 8643: RTP/AVP with a=crypto, ng flag
         * {@code OSRTP-offer}). SDES keys may go to it (they do not cross the network in clear, RFC 4568
         * §8.3), and a phone without SRTP ignores them.
         */
        OPPORTUNISTIC_SRTP,
        /**
         * Every binding is over WebSocket: a browser, offered WebRTC media (ng {@code transport-protocol:
         * UDP/TLS/RTP/SAVPF}: ICE-lite and DTLS-SRTP on the media node). A user ringing on both a browser
         * and a desk phone gets a plain offer, which the browser refuses: one SDP cannot suit both.
         */
        WEBRTC;

        static CalleeMedia of(List<SipTransportKind> transports) {
            if (!transports.isEmpty() && transports.stream().allMatch(t -> t == SipTransportKind.WS || t == SipTransportKind.WSS)) {
                return WEBRTC;
            }
            if (!transports.isEmpty() && transports.stream().allMatch(t -> t == SipTransportKind.TLS)) {
                return OPPORTUNISTIC_SRTP;
            }
            return PLAIN;
        }
    }

    /** As {@link #offer(String, String, String, boolean, boolean)}, the callee offered {@code calleeMedia}. */
    CompletableFuture<MediaLease> offer(String callId, String fromTag, String sdp, boolean callerIsPublic, boolean calleeIsPublic,
                                        CalleeMedia calleeMedia) {
        List<NodeStatus> candidates = new ArrayList<>(recent.leastLoadedFirst(online.get()));
        candidates.removeIf(n -> n.capacity() > 0 && recent.load(n) >= n.capacity() || !n.ports().containsKey("ng"));
        if (candidates.isEmpty()) {
            return CompletableFuture.failedFuture(new NoMediaNodeException("no media node online with free capacity"));
        }
        NgCommand command = NgCommand.offer(callId, fromTag, sdp)
                .flags(calleeMedia == CalleeMedia.OPPORTUNISTIC_SRTP ? new String[] {"trust-address", "OSRTP-offer"} : new String[] {"trust-address"})
                .transportProtocol(calleeMedia == CalleeMedia.WEBRTC ? "UDP/TLS/RTP/SAVPF" : null)
                .replace("origin", "session-connection")
                // Which of the node's addresses each side is given: public only for peers outside (docs/ARCHITECTURE.md).
                .direction(side(callerIsPublic), side(calleeIsPublic)).build();
        return offer(candidates, 0, command);
    }

    private CompletableFuture<MediaLease> offer(List<NodeStatus> candidates, int next, NgCommand command) {
        if (next == candidates.size()) {
            return CompletableFuture.failedFuture(
                    new NoMediaNodeException("every media node refused or timed out (" + candidates.size() + " tried)"));
        }
        NodeStatus node = candidates.get(next);
        InetSocketAddress address = new InetSocketAddress(node.privateAddress(), node.ports().get("ng"));
        return ng.send(address, command).handle((reply, error) -> {
            if (error == null && reply.ok() && reply.sdp() != null) {
                recent.allocated(node.name(), clusterTime.getAsLong());
                return CompletableFuture.completedFuture(new MediaLease(node.name(), address, reply.sdp()));
            }
            Throwable cause = error == null ? null : CallMedia.cause(error);
            if (cause == null) {
                LOG.warn("media node {} refused offer for Call-ID {}: {}", node.name(), command.callId(), reply.errorReason());
            } else if (cause instanceof NgTimeoutException) {
                LOG.warn("media node {} silent for Call-ID {}: {}", node.name(), command.callId(), cause.getMessage());
                // A node that is only slow (CPU-starved, queue full) opens the session after all: without this
                // delete its ports stay taken until media.timeout, and under load such orphans filled whole
                // nodes (9,000 calls at 250/s: 3,594 answered 503). Its queue is in order, so it follows the offer.
                ng.send(address, NgCommand.delete(command.callId())).exceptionally(e -> null);
            } else {
                LOG.warn("media node {} refused offer for Call-ID {}: {}", node.name(), command.callId(), cause.toString());
            }
            return offer(candidates, next + 1, command);
        }).thenCompose(Function.identity());
    }

    static String side(boolean isPublic) {
        return isPublic ? "public" : "private";
    }
}
