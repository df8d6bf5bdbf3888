package io.switchboard.media.ng;

import io.switchboard.common.ng.NgProtocolException;
import io.switchboard.common.sdp.MediaDescription;
import io.switchboard.common.sdp.SdpLine;
import io.switchboard.media.srtp.SrtpKey;
import io.switchboard.media.srtp.SrtpProfile;
import io.switchboard.media.srtp.SrtpSuite;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * SDES (RFC 4568) on the relayed stream. An endpoint that offers {@code RTP/SAVP} with
 * {@code a=crypto} lines gets an answer with the first line whose suite we support, carrying our own
 * key (§6.1: each side announces the key it sends with); the SDP sent to the other endpoint is plain
 * {@code RTP/AVP}, so a phone that does not do SRTP accepts it, unless signaling asks for SRTP towards
 * it (rtpengine's {@code transport-protocol}). DTLS-SRTP ({@code UDP/TLS/RTP/SAVPF}, WebRTC) is
 * {@link WebRtcNegotiation}'s: this class only sees it in an answer to an offer that was not DTLS.
 */
final class SrtpNegotiation {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SrtpNegotiation() {
    }

    /**
     * What an endpoint's SDP says it sends with: empty for plain RTP; throws when it is SRTP we cannot
     * do. {@code RTP/AVP} with {@code a=crypto} lines is "best effort" SRTP (what baresip's
     * {@code mediaenc=srtp} and others send): taken as SRTP too, and answered in the same profile.
     */
    static Optional<Offered> offered(MediaDescription m) {
        String proto = m.protocol();
        if (!proto.toUpperCase(java.util.Locale.ROOT).contains("SAVP") && m.attributes("crypto").isEmpty()) {
            return Optional.empty();
        }
        if (proto.toUpperCase(java.util.Locale.ROOT).contains("TLS")) {
            throw new NgProtocolException("media profile " + proto + " (DTLS-SRTP) in answer to an offer that was not DTLS-SRTP");
        }
        StringBuilder seen = new StringBuilder();
        for (String line : m.attributes("crypto")) {
            // a=crypto:<tag> <suite> <key-params> [<session-params>]
            String[] f = line.trim().split("\\s+");
            if (f.length < 3 || !f[0].matches("\\d{1,9}")) {
                throw new NgProtocolException("malformed a=crypto line '" + line + "'");
            }
            seen.append(seen.length() == 0 ? "" : ", ").append(f[1]);
            Optional<SrtpSuite> suite = SrtpSuite.of(f[1]);
            if (suite.isEmpty() || f.length > 3) {
                continue; // an unknown suite, or session parameters we do not implement: the next line may do
            }
            try {
                return Optional.of(new Offered(proto, Integer.parseInt(f[0]), SrtpKey.parse(suite.get(), f[2])));
            } catch (IllegalArgumentException e) {
                throw new NgProtocolException("a=crypto:" + f[0] + " " + f[1] + ": " + e.getMessage());
            }
        }
        throw new NgProtocolException("SRTP offered (" + proto + ") without a usable a=crypto line (suites: "
                + (seen.length() == 0 ? "none" : seen) + "; supported: AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32)");
    }

    /** The crypto line an endpoint chose and the key it sends with. */
    record Offered(String protocol, int tag, SrtpKey key) {
    }

    /** The profile of a leg after its endpoint's SDP: its key, and ours (kept across re-offers, fresh otherwise). */
    static SrtpProfile profile(Offered o, SrtpProfile before) {
        SrtpKey ours = before != null && before.ours().suite() == o.key().suite() ? before.ours()
                : SrtpKey.random(o.key().suite(), RANDOM);
        return new SrtpProfile(o.protocol(), o.tag(), o.key(), ours);
    }

    /**
     * The profile offered to the answerer: the one it already speaks (a re-offer towards an SRTP phone),
     * else SRTP when signaling asks for it with rtpengine's {@code transport-protocol} (it does for
     * phones registered over TLS: SDES keys must not cross the network in clear, RFC 4568 §8.3), else
     * plain RTP. Offers carry tag 1; the answerer's key is learnt from its answer.
     */
    static SrtpProfile towardsAnswerer(SrtpProfile now, String transportProtocol) {
        return towardsAnswerer(now, transportProtocol, false);
    }

    /**
     * As {@link #towardsAnswerer(SrtpProfile, String)}; {@code opportunistic} (ng flag {@code OSRTP-offer},
     * RFC 8643): plain {@code RTP/AVP} with an {@code a=crypto} line, which a phone without SRTP answers
     * in plain RTP (it ignores the line) and one with SRTP answers with its key.
     */
    static SrtpProfile towardsAnswerer(SrtpProfile now, String transportProtocol, boolean opportunistic) {
        if (now != null) {
            return new SrtpProfile(now.protocol(), 1, now.theirs(), now.ours());
        }
        if (opportunistic && (transportProtocol == null || !transportProtocol.toUpperCase(java.util.Locale.ROOT).contains("SAVP"))) {
            return new SrtpProfile(transportProtocol == null ? "RTP/AVP" : transportProtocol, 1, null,
                    SrtpKey.random(SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM));
        }
        if (transportProtocol == null || !transportProtocol.toUpperCase(java.util.Locale.ROOT).contains("SAVP")) {
            return null;
        }
        return new SrtpProfile(transportProtocol, 1, null, SrtpKey.random(SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM));
    }

    /** The SDP going to a leg: its SRTP profile with our key, or plain RTP when it has none. */
    static void shape(MediaDescription m, SrtpProfile to) {
        m.removeAttributes("crypto"::equals);
        if (to == null) {
            m.setProtocol(plain(m.protocol()));
            return;
        }
        m.setProtocol(to.protocol());
        m.lines().add(new SdpLine('a', "crypto:" + to.tag() + " " + to.ours().suite().sdpName() + " " + to.ours().keyParams()));
    }

    /** RTP/SAVP → RTP/AVP, RTP/SAVPF → RTP/AVPF; anything else as it is. */
    static String plain(String protocol) {
        return protocol.replace("SAVP", "AVP");
    }
}
