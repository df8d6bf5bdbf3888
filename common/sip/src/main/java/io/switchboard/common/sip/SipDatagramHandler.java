package io.switchboard.common.sip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SIP message per datagram (RFC 3261 §18.1.1). Size checks come first: a datagram filling the
 * 65535-byte receive buffer was cut, so it is dropped; the packet is released by the superclass.
 * Nothing thrown here may close the socket: every problem is counted and the next datagram read.
 */
final class SipDatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(SipDatagramHandler.class);

    private final SipReceiver receiver;
    private final SipTransportMeters meters;
    private final int maxMessageBytes;
    private final LogLimiter dropLog = LogLimiter.everyTenSeconds();

    SipDatagramHandler(SipReceiver receiver, SipTransportMeters meters, int maxMessageBytes) {
        this.receiver = receiver;
        this.meters = meters;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        int length = content.readableBytes();
        if (length >= SipTransportSettings.MAX_DATAGRAM) {
            meters.malformed(MalformedSip.TRUNCATED);
            return;
        }
        if (length > maxMessageBytes) {
            meters.malformed(MalformedSip.OVERSIZED);
            return;
        }
        if (length == 0) {
            meters.malformed(MalformedSip.EMPTY);
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(content);
        Flow flow = new Flow(SipTransportKind.UDP, (InetSocketAddress) ctx.channel().localAddress(), packet.sender());
        try {
            receiver.onMessage(bytes, flow, ctx.channel());
        } catch (RuntimeException e) {
            meters.malformed(MalformedSip.UNPARSEABLE);
            long hidden = dropLog.admit();
            if (hidden >= 0) {
                log.warn("datagram from {} dropped: {} ({} more since the last such line; see sip_malformed_total)",
                        packet.sender(), e.toString(), hidden);
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // e.g. a failed send; the socket stays open for everyone else.
        log.debug("UDP {}: {}", ctx.channel().localAddress(), cause.toString());
    }
}
