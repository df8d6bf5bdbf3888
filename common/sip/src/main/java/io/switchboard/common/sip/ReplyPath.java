package io.switchboard.common.sip;

import gov.nist.javax.sip.header.Via;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * How responses of one request leave: the socket it came in on (RFC 3581 §4) and, for UDP, the
 * address from {@link SymmetricResponseRouting}. Thread-safe: Netty queues writes from other threads.
 */
record ReplyPath(Channel channel, SipTransportKind transport, InetSocketAddress destination) {

    static ReplyPath of(Channel channel, Flow flow, Via top) {
        InetSocketAddress destination = flow.transport().reliable()
                ? flow.remote()
                : SymmetricResponseRouting.destination(top, flow.remote());
        return new ReplyPath(channel, flow.transport(), destination);
    }

    /**
     * Writes without a listener; a failed write reaches the pipeline's exceptionCaught, which logs.
     * A TCP connection that is gone loses the response: opening a new one (§18.2.2) is not done yet.
     */
    void send(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        if (transport == SipTransportKind.UDP) {
            channel.writeAndFlush(new DatagramPacket(buf, destination), channel.voidPromise());
        } else if (channel.isActive()) {
            channel.writeAndFlush(buf, channel.voidPromise());
        } else {
            buf.release();
        }
    }
}
