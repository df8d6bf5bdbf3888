package io.switchboard.common.sip;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * How our requests leave (RFC 3261 §18.1): over UDP from the listening socket, so that responses
 * and {@code rport} come back to it (RFC 3581 §3); over TCP or TLS on an open connection to the
 * destination (a phone's own connection, RFC 5923 §4), else a new one whose pipeline is the server's, so responses and in-dialog requests arriving on it
 * are decoded like any others. Nothing here blocks; failures are reported to the {@link Listener}.
 */
final class Outbound {

    /** Told which channel carried the message, or why it could not be sent (§17.1.4, §18.4). */
    interface Listener {
        void sent(Channel channel);

        void failed(String reason);
    }

    static final Listener IGNORE = new Listener() {
        @Override
        public void sent(Channel channel) {
        }

        @Override
        public void failed(String reason) {
        }
    };

    private final Supplier<Channel> udp;
    private final TcpConnections connections;
    private final BiFunction<InetSocketAddress, SipTransportKind, ChannelFuture> connector;

    Outbound(Supplier<Channel> udp, TcpConnections connections,
             BiFunction<InetSocketAddress, SipTransportKind, ChannelFuture> connector) {
        this.udp = udp;
        this.connections = connections;
        this.connector = connector;
    }

    void send(byte[] bytes, InetSocketAddress destination, SipTransportKind transport, Listener listener) {
        if (transport == SipTransportKind.UDP) {
            Channel channel = udp.get();
            if (channel == null) {
                listener.failed("no UDP socket");
                return;
            }
            listener.sent(channel);
            write(channel, new DatagramPacket(Unpooled.wrappedBuffer(bytes), destination), destination, listener);
            return;
        }
        ChannelFuture connection;
        try {
            connection = connections.connect(destination, remote -> connector.apply(remote, transport));
        } catch (RuntimeException e) {
            listener.failed("cannot connect to " + destination + ": " + e);
            return;
        }
        connection.addListener(done -> {
            if (!done.isSuccess()) {
                listener.failed("connection to " + destination + " failed: " + done.cause());
                return;
            }
            listener.sent(connection.channel());
            write(connection.channel(), Unpooled.wrappedBuffer(bytes), destination, listener);
        });
    }

    private static void write(Channel channel, Object message, InetSocketAddress destination, Listener listener) {
        channel.writeAndFlush(message).addListener(done -> {
            if (!done.isSuccess()) {
                listener.failed("send to " + destination + " failed: " + done.cause());
            }
        });
    }
}
