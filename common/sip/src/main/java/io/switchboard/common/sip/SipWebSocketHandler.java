package io.switchboard.common.sip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIP over WebSocket (RFC 7118): each text or binary WebSocket message is one SIP message (§5.1, no
 * Content-Length framing needed), handed to the {@link SipReceiver}; the connection becomes findable
 * by its peer once the upgrade (with the {@code sip} subprotocol) is done, so responses and requests
 * to a browser phone go down it. What the transport writes (a {@link ByteBuf} holding one message) is
 * sent as one text frame.
 */
final class SipWebSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(SipWebSocketHandler.class);

    private final SipReceiver receiver;
    private final TcpConnections connections;
    private final SipTransportKind kind;
    private Flow flow;

    SipWebSocketHandler(SipReceiver receiver, TcpConnections connections, SipTransportKind kind) {
        this.receiver = receiver;
        this.connections = connections;
        this.kind = kind;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            // The upgrade's deadline is over: a browser phone may stay quiet between messages.
            if (ctx.pipeline().get(io.netty.handler.timeout.ReadTimeoutHandler.class) != null) {
                ctx.pipeline().remove(io.netty.handler.timeout.ReadTimeoutHandler.class);
            }
            flow = new Flow(kind, (InetSocketAddress) ctx.channel().localAddress(), (InetSocketAddress) ctx.channel().remoteAddress());
            connections.opened(flow.remote(), ctx.channel());
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (flow != null) {
            connections.closed(flow.remote(), ctx.channel());
        }
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (flow == null || !(frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame)) {
            return;
        }
        byte[] message = ByteBufUtil.getBytes(frame.content());
        try {
            receiver.onMessage(message, flow, ctx.channel());
        } catch (RuntimeException e) {
            log.debug("message from {} dropped: {}", flow.remote(), e.toString());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("{} {}: {}", kind, ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /**
     * RFC 7118 §4: the upgrade must ask for the {@code sip} subprotocol; any other request to this
     * port gets 400 and the connection is closed (this port serves nothing else).
     */
    static final class RequireSipSubprotocol extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof io.netty.handler.codec.http.FullHttpRequest request) {
                String asked = request.headers().get(io.netty.handler.codec.http.HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, "");
                boolean sip = java.util.Arrays.stream(asked.split(",")).map(String::trim).anyMatch("sip"::equalsIgnoreCase);
                if (!sip) {
                    request.release();
                    io.netty.handler.codec.http.FullHttpResponse refused = new io.netty.handler.codec.http.DefaultFullHttpResponse(
                            request.protocolVersion(), io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST,
                            io.netty.buffer.Unpooled.copiedBuffer("SIP over WebSocket: ask for the 'sip' subprotocol (RFC 7118)\n",
                                    java.nio.charset.StandardCharsets.US_ASCII));
                    refused.headers().set(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_LENGTH, refused.content().readableBytes());
                    ctx.writeAndFlush(refused).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
                    return;
                }
                ctx.pipeline().remove(this);
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** Wraps each SIP message the transport writes into one text frame (RFC 7118 §5.1). */
    static final class Framer extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ctx.write(msg instanceof ByteBuf buf ? new TextWebSocketFrame(buf) : msg, promise);
        }
    }
}
