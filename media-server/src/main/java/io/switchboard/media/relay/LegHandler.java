package io.switchboard.media.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.switchboard.common.rtp.RtpHeader;

/**
 * The packet path of one leg's port, top to bottom: receive → (a WebRTC leg's STUN and DTLS aside) → latch → classify → SRTP unprotect (an
 * SRTP leg) → count → tap → forward (protected again towards an SRTP leg). No lock, no logging; no
 * allocation on the plain path. The buffer is owned here until the other leg's {@link RelayLeg#send}
 * takes it.
 */
final class LegHandler extends ChannelInboundHandlerAdapter {
    private final RelayLeg leg;
    private final boolean rtcpPort;

    LegHandler(RelayLeg leg, boolean rtcpPort) {
        this.leg = leg;
        this.rtcpPort = rtcpPort;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket packet = (DatagramPacket) msg;
        ByteBuf buf = packet.content();
        if (!rtcpPort) {
            WebRtcLeg w = leg.webrtc;
            // RFC 7983: STUN and DTLS share a WebRTC leg's port with SRTP (first byte 128-191); so does
            // anything arriving before an ICE check latched it, which WebRtcLeg drops.
            if (w != null && (!buf.isReadable() || buf.getUnsignedByte(buf.readerIndex()) < 128 || leg.rtpLatch.peer() == null)) {
                w.receive(ctx, packet);
                return;
            }
        }
        Latch latch = rtcpPort ? leg.rtcpLatch : leg.rtpLatch;
        if (!latch.admit(packet.sender(), ctx.channel())) {
            leg.strangerDrops++;
            buf.release();
            return;
        }
        int off = buf.readerIndex();
        int len = buf.readableBytes();
        // RFC 5761 section 4: on a port that may carry both, RTCP is told apart by its packet type.
        boolean rtcp = rtcpPort || (leg.rtcpOnRtpPort() && RtpHeader.isRtcp(buf, off, len));
        io.switchboard.media.srtp.SrtpStream srtp = leg.srtpIn;
        if (srtp == null && leg.srtpPending) {
            leg.srtpDrops++;
            buf.release();
            return;
        }
        if (srtp != null) {
            // RFC 3711: the header stays clear, so the checks above held; from here on the packet is plain.
            if (!(rtcp ? srtp.unprotectRtcp(buf) : srtp.unprotectRtp(buf))) {
                leg.srtpDrops++;
                buf.release();
                return;
            }
            len = buf.readableBytes();
        }
        if (rtcp) {
            leg.rtcpPackets++;
            leg.rtcpBytes += len;
        } else {
            leg.rtpPackets++;
            leg.rtpBytes += len;
            if (RtpHeader.isVersion2(buf, off, len)) {
                int pt = RtpHeader.payloadType(buf, off);
                if (leg.isEvent(pt) && !leg.passesEvent(RtpHeader.timestamp(buf, off))) {
                    buf.release();
                    return;
                }
                leg.trackSequence(RtpHeader.sequence(buf, off));
                MediaTap tap = leg.tap;
                if (tap != null) {
                    tap.rtp(leg.side, buf);
                }
            }
        }
        leg.peer.send(buf, rtcp, leg);
    }

    /** ICMP port unreachable on a connected socket and failed sends land here: count, never close. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        leg.errors++;
    }
}
