package io.switchboard.signaling.call;

/**
 * A call as stored in the {@code calls} map: both legs' dialog identifiers, route sets and CSeqs,
 * the media node and session anchoring its RTP, and the SDP each leg last got from us: everything
 * another signaling member needs to handle the call's in-dialog requests after a takeover
 * (docs/ARCHITECTURE.md, "Cluster state").
 *
 * @param id         the A leg's Call-ID, also the ng call-id on the media node
 * @param mediaNode  name of the media node in the registry; {@code mediaNg} its ng {@code host:port}
 * @param sdpToA     the relay's SDP as leg A last got it (null before leg A was answered)
 */
public record CallRecord(String id, String caller, String callee, CallState state, long startedAt, long answeredAt,
                         LegRecord legA, LegRecord legB, String mediaNode, String mediaNg, String sdpToA,
                         String sdpToB) {
}
