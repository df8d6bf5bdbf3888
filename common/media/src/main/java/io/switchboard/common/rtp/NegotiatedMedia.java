package io.switchboard.common.rtp;

import io.switchboard.common.codec.Codec;
import java.net.InetSocketAddress;

/**
 * The outcome of offer/answer for one audio stream: what to send where and how to read what comes.
 * {@code telephoneEventPayloadType} is -1 when the peer did not offer RFC 4733 (then in-band
 * detection runs). {@code direction} is ours (RFC 3264 section 6.1): sendrecv, sendonly, recvonly or inactive.
 */
public record NegotiatedMedia(Codec codec, int payloadType, int telephoneEventPayloadType, InetSocketAddress remoteRtp,
        InetSocketAddress remoteRtcp, boolean rtcpMux, int ptimeMs, String direction) {

    /** PCM samples per frame at the codec's PCM rate (160 for 20 ms, Opus included: it runs at 8 kHz here). */
    public int samplesPerFrame() {
        return codec.samplesPerFrame(ptimeMs);
    }

    /** RTP timestamp units per frame at the codec's RTP clock (160 for 20 ms of G.711, 960 of Opus, RFC 7587 section 4.1). */
    public int timestampStep() {
        return codec.timestampStep(ptimeMs);
    }

    public boolean sends() {
        return direction.equals("sendrecv") || direction.equals("sendonly");
    }

    public boolean hasTelephoneEvent() {
        return telephoneEventPayloadType >= 0;
    }
}
