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
 * @param trunk      the trunk the call came in by or went out by ("" between extensions), for its CDR
 * @param sentNumber the number sent over that trunk ("" for none)
 * @param channel    the trunk whose channel the call holds, or "" (the member carrying the call counts it)
 * @param timerA     leg A's session timer (RFC 4028), or null; {@code timerB} leg B's
 */
public record CallRecord(String id, String caller, String callee, CallState state, long startedAt, long answeredAt,
                         LegRecord legA, LegRecord legB, String mediaNode, String mediaNg, String sdpToA,
                         String sdpToB, String trunk, String sentNumber, String channel, SessionTimer timerA,
                         SessionTimer timerB) {
    public CallRecord {
        trunk = trunk == null ? "" : trunk;
        sentNumber = sentNumber == null ? "" : sentNumber;
        channel = channel == null ? "" : channel;
    }

    /** A call between extensions (no trunk). */
    public CallRecord(String id, String caller, String callee, CallState state, long startedAt, long answeredAt,
                      LegRecord legA, LegRecord legB, String mediaNode, String mediaNg, String sdpToA, String sdpToB) {
        this(id, caller, callee, state, startedAt, answeredAt, legA, legB, mediaNode, mediaNg, sdpToA, sdpToB, "", "", "", null,
                null);
    }
}
