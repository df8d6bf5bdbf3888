package io.switchboard.media.ng;

import io.switchboard.common.ng.NgCommand;
import io.switchboard.media.relay.RelayLeg.MuxOffer;

/**
 * rtcp-mux (RFC 5761) through the relay, decided per leg: each leg is its own offer/answer with one
 * endpoint, and the relay carries RTCP from either kind of leg to the other (from a muxed leg's RTP
 * port to the other leg's RTCP port and back). A muxed leg never binds its RTCP port, so a call
 * whose endpoints both use rtcp-mux holds 2 sockets instead of 4.
 *
 * <p>The order matters: an offer is rewritten before its answerer has said whether it accepts mux.
 * So, as rtpengine does (daemon/call.c, {@code __rtcp_mux_logic}):
 * <ul>
 *   <li>the offerer's leg: muxed when its offer has {@code a=rtcp-mux} (unless ng says {@code reject});
 *       our answer to it then says {@code a=rtcp-mux} with {@code a=rtcp:} equal to the RTP port.
 *       Known at the offer, so a muxed offerer's RTCP socket is never opened;</li>
 *   <li>the answerer's leg: offered mux when the offerer offered it (unless {@code demux} or
 *       {@code reject}) or ng says {@code offer}/{@code require}. The offer names the leg's port+1 in
 *       {@code a=rtcp:} as the fallback if the answerer does not accept (section 5.1.3), but that
 *       port is bound only when the answer comes without {@code a=rtcp-mux}. With {@code require}
 *       there is no fallback ({@code a=rtcp:} is the RTP port, RFC 8858) and the leg is muxed.
 *       Not offered: the leg needs its RTCP socket, opened with the offer as before.</li>
 * </ul>
 * ng words come from the {@code rtcp-mux} list or, as rtpengine also takes them, from {@code flags}
 * spelled {@code rtcp-mux-<word>}.
 */
final class RtcpMuxNegotiation {
    private RtcpMuxNegotiation() {
    }

    /** {@code rtcp-mux: [word]} or the flag {@code rtcp-mux-word}. */
    static boolean word(NgCommand c, String word) {
        return c.rtcpMux().contains(word) || c.flag("rtcp-mux-" + word);
    }

    /** Whether the offerer's leg multiplexes: its offer has a=rtcp-mux and ng does not reject it. */
    static boolean offererMuxes(boolean offerHasMux, NgCommand c) {
        return offerHasMux && !word(c, "reject");
    }

    /** What the offer this node sends to the answerer says about rtcp-mux. */
    static MuxOffer toAnswerer(boolean offerHasMux, NgCommand c) {
        if (word(c, "require")) {
            return MuxOffer.REQUIRED;
        }
        boolean passOn = offerHasMux && !word(c, "demux") && !word(c, "reject");
        return passOn || word(c, "offer") ? MuxOffer.OFFERED : MuxOffer.NONE;
    }

    /**
     * Whether the answerer's leg multiplexes once its answer is in: it was required, or offered and
     * the answer has a=rtcp-mux (an answer may not accept what was not offered, RFC 8035).
     */
    static boolean answererMuxes(MuxOffer offered, boolean answerHasMux) {
        return offered == MuxOffer.REQUIRED || (offered == MuxOffer.OFFERED && answerHasMux);
    }

    /**
     * The port for {@code a=rtcp:} in an offer to a leg on {@code port}: port+1, the fallback should
     * the answerer decline mux (RFC 5761 section 5.1.3), unless mux is required or already in use
     * on that leg (a re-offer: no fallback is offered whose socket may never have been opened), then
     * the RTP port.
     */
    static int offeredRtcpPort(int port, MuxOffer offer, boolean alreadyMuxed) {
        return offer == MuxOffer.REQUIRED || (offer == MuxOffer.OFFERED && alreadyMuxed) ? port : port + 1;
    }

    /** The port for {@code a=rtcp:} in an answer: where RTCP really goes, the RTP port with rtcp-mux, else port+1. */
    static int answeredRtcpPort(int port, boolean muxed) {
        return muxed ? port : port + 1;
    }
}
