package io.switchboard.common.sip;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands each framed TCP or TLS message to the {@link SipReceiver} and keeps the connection findable by its peer. */
final class SipStreamHandler extends SimpleChannelInboundHandler<byte[]> {
    private static final Logger log = LoggerFactory.getLogger(SipStreamHandler.class);
    private final LogLimiter dropLog = LogLimiter.everyTenSeconds();

    private final SipReceiver receiver;
    private final TcpConnections connections;
    private final SipTransportKind kind;
    private Flow flow;

    SipStreamHandler(SipReceiver receiver, TcpConnections connections, SipTransportKind kind) {
        this.receiver = receiver;
        this.connections = connections;
        this.kind = kind;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        flow = new Flow(kind, (InetSocketAddress) ctx.channel().localAddress(),
                (InetSocketAddress) ctx.channel().remoteAddress());
        connections.opened(flow.remote(), ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (flow != null) {
            connections.closed(flow.remote(), ctx.channel());
        }
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, byte[] message) {
        try {
            receiver.onMessage(message, flow, ctx.channel());
        } catch (RuntimeException e) {
            long hidden = dropLog.admit();
            if (hidden >= 0) {
                log.warn("message from {} dropped: {} ({} more since the last such line)", flow.remote(), e.toString(), hidden);
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("{} {}: {}", kind, ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
