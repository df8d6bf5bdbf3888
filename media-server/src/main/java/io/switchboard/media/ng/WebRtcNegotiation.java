package io.switchboard.media.ng;

import io.switchboard.common.ng.NgCommand;
import io.switchboard.common.ng.NgProtocolException;
import io.switchboard.common.sdp.MediaDescription;
import io.switchboard.common.sdp.SdpLine;
import io.switchboard.common.sdp.SessionDescription;
import io.switchboard.media.relay.WebRtcLeg;
import io.switchboard.media.webrtc.DtlsFingerprint;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * WebRTC legs in offer/answer. A browser's SDP (RFC 8829/8834) says {@code UDP/TLS/RTP/SAVPF} with
 * ICE credentials and candidates, a DTLS fingerprint and role ({@code a=setup}), a {@code mid} in a
 * BUNDLE group, and rtcp-mux. This node answers it as an ICE-lite agent with one host candidate (the
 * leg's port), its own fingerprint, and the DTLS role the offer leaves it ({@code passive} to
 * {@code actpass}); it offers the same to a browser callee, asked by ng's
 * {@code transport-protocol: UDP/TLS/RTP/SAVPF} (rtpengine's spelling, which signaling sends for
 * phones registered over WebSocket), with {@code actpass}. The other leg hears none of it: its SDP
 * is plain {@code RTP/AVP} (or SDES if asked) without the WebRTC attributes.
 *
 * <p>One audio stream is relayed: BUNDLE of that one m= line is what the group says.
 */
final class WebRtcNegotiation {
    /** Media-level attributes that mean nothing, or something wrong, to a plain RTP endpoint. */
    private static final List<String> WEBRTC_MEDIA = List.of("fingerprint", "setup", "mid", "extmap", "extmap-allow-mixed", "msid",
            "ssrc", "ssrc-group", "rtcp-fb", "rtcp-rsize", "tls-id", "rid", "simulcast", "connection");
    private static final List<String> WEBRTC_SESSION = List.of("group", "msid-semantic", "fingerprint", "setup", "extmap-allow-mixed",
            "tls-id");
    /** RFC 8445 §5.1.2.1 with type preference 126 (host), local preference 65535, component 1. */
    private static final long HOST_PRIORITY = (126L << 24) + (65535L << 8) + 255;
    static final String PROFILE = "UDP/TLS/RTP/SAVPF";

    private WebRtcNegotiation() {
    }

    /** DTLS-SRTP media: {@code UDP/TLS/RTP/SAVP(F)} (RFC 5764 §8). */
    static boolean isWebRtc(MediaDescription m) {
        return m.protocol().toUpperCase(Locale.ROOT).contains("TLS");
    }

    /** ng asks for a WebRTC offer to the answerer ({@code transport-protocol: UDP/TLS/RTP/SAVPF}). */
    static boolean wanted(NgCommand c) {
        return c.transportProtocol() != null && c.transportProtocol().toUpperCase(Locale.ROOT).contains("TLS");
    }

    /** The endpoint's {@code a=fingerprint}, media-level first (RFC 8122 §5); an ng error naming what is missing. */
    static DtlsFingerprint fingerprint(SessionDescription sdp, MediaDescription m) {
        String value = m.attribute("fingerprint").or(() -> sdp.attribute("fingerprint")).orElseThrow(() ->
                new NgProtocolException("DTLS-SRTP media (" + m.protocol() + ") without a=fingerprint (RFC 5763 §5)"));
        try {
            return DtlsFingerprint.parse(value);
        } catch (IllegalArgumentException e) {
            throw new NgProtocolException(e.getMessage());
        }
    }

    /** The endpoint's DTLS role (RFC 4145 §4): {@code active} when absent, as RFC 5763 §5 reads it. */
    static String setup(SessionDescription sdp, MediaDescription m) {
        String s = m.attribute("setup").or(() -> sdp.attribute("setup")).orElse("active").trim().toLowerCase(Locale.ROOT);
        if (!List.of("active", "passive", "actpass", "holdconn").contains(s)) {
            throw new NgProtocolException("a=setup:" + s + " is not active, passive, actpass or holdconn (RFC 4145 §4)");
        }
        return s;
    }

    /** Our role in an answer to {@code offered}: passive unless the offerer wants to be the server. */
    static String answerSetup(String offered) {
        return offered.equals("passive") ? "active" : "passive";
    }

    /** The relayed m= line's mid, if the SDP has one. */
    static Optional<String> mid(MediaDescription m) {
        return m.attribute("mid").map(String::trim);
    }

    /** For a plain endpoint: the profile {@code RTP/AVP} and none of the WebRTC attributes (ICE ones go in the rewrite). */
    static void toPlain(SessionDescription sdp, MediaDescription m) {
        sdp.removeAttributes(WEBRTC_SESSION::contains);
        for (MediaDescription any : sdp.media()) {
            any.removeAttributes(WEBRTC_MEDIA::contains);
        }
        m.setProtocol("RTP/AVP");
    }

    /**
     * For a WebRTC endpoint, after the rewrite pointed the SDP at {@code address:port}: ICE-lite with our
     * credentials and one host candidate, our fingerprint and {@code setup}, the mid in a BUNDLE group,
     * rtcp-mux (the rewrite added it: WebRTC legs always multiplex, RFC 8834 §5.1.3).
     */
    static void toWebRtc(SessionDescription sdp, MediaDescription m, WebRtcLeg w, DtlsFingerprint ours, String setup,
                         String address, int port) {
        sdp.removeAttributes(WEBRTC_SESSION::contains);
        for (MediaDescription any : sdp.media()) {
            any.removeAttributes(a -> WEBRTC_MEDIA.contains(a) && !a.equals("rtcp-fb") && !a.equals("ssrc") && !a.equals("msid"));
        }
        m.setProtocol(PROFILE);
        List<SdpLine> session = sdp.sessionLines();
        session.add(new SdpLine('a', "ice-lite"));
        session.add(new SdpLine('a', "group:BUNDLE " + w.mid()));
        List<SdpLine> lines = m.lines();
        lines.add(new SdpLine('a', "mid:" + w.mid()));
        lines.add(new SdpLine('a', "ice-ufrag:" + w.credentials().ufrag()));
        lines.add(new SdpLine('a', "ice-pwd:" + w.credentials().password()));
        lines.add(new SdpLine('a', "fingerprint:" + ours));
        lines.add(new SdpLine('a', "setup:" + setup));
        lines.add(new SdpLine('a', "candidate:1 1 udp " + HOST_PRIORITY + " " + address + " " + port + " typ host"));
        lines.add(new SdpLine('a', "end-of-candidates"));
    }
}
