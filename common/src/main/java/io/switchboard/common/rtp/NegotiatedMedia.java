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

    public int samplesPerFrame() {
        return codec.clockRate() * ptimeMs / 1000;
    }

    public boolean sends() {
        return direction.equals("sendrecv") || direction.equals("sendonly");
    }

    public boolean hasTelephoneEvent() {
        return telephoneEventPayloadType >= 0;
    }
}
