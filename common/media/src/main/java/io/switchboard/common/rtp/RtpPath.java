package io.switchboard.common.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;

/**
 * How an endpoint's packets reach the network: its own connected port pair ({@link DedicatedPath}),
 * or its loop's one shared port, the peer told apart by its address ({@link SharedPath}). Used on the
 * endpoint's loop only.
 */
interface RtpPath {
    ByteBufAllocator alloc();

    /** Points the path at the peer as negotiated (first start or a re-INVITE). */
    void connect(NegotiatedMedia media);

    /** Queues (shared) or writes (dedicated) one RTP packet; a shared port is flushed once per tick. */
    void sendRtp(ByteBuf packet);

    /** One RTCP packet, on the RTP port when multiplexed (RFC 5761), else on the RTCP port. */
    void sendRtcp(ByteBuf packet, boolean mux);

    /** The address and RTP port our SDP names. */
    InetSocketAddress local();

    /** Lets go of the path; {@code released} runs once its ports may be reused. */
    void close(Runnable released);
}
