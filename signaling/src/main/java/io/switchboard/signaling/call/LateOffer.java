package io.switchboard.signaling.call;

/**
 * An INVITE without SDP (a late offer, RFC 3261 §13.2.1): the caller expects our offer in the 2xx and
 * gives its answer in the ACK. The B2BUA makes the offer to the callee itself, as FreeSWITCH does, from
 * a stand-in for the caller's media: no address yet (c=0.0.0.0, so the relay waits for the caller's
 * first packet or its answer) and the codecs every desk phone has. The callee's answer, through the
 * relay, is the offer in the caller's 2xx; the caller's answer in the ACK then tells the relay where
 * the caller is.
 */
final class LateOffer {
    private LateOffer() {
    }

    /** G.711 both laws, G.722 and RFC 4733 events: what any phone the callee may be answers from. */
    static String standIn(long sessionId) {
        return "v=0\r\n"
                + "o=switchboard " + sessionId + " 1 IN IP4 0.0.0.0\r\n"
                + "s=-\r\n"
                + "c=IN IP4 0.0.0.0\r\n"
                + "t=0 0\r\n"
                + "m=audio 9 RTP/AVP 0 8 9 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:9 G722/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-16\r\n"
                + "a=sendrecv\r\n";
    }
}
