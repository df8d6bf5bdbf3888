package io.switchboard.common.sip;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Open TCP connections by peer address, so that a response for a {@link Flow} finds its connection
 * (RFC 3261 §18.2.2) and a request to a peer reuses an open connection to it (§18.1.1); connections
 * being opened are shared too, so two requests to a new peer open one connection.
 */
final class TcpConnections {
    private final ConcurrentHashMap<InetSocketAddress, Channel> open = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetSocketAddress, ChannelFuture> connecting = new ConcurrentHashMap<>();

    void opened(InetSocketAddress remote, Channel channel) {
        open.put(remote, channel);
    }

    void closed(InetSocketAddress remote, Channel channel) {
        open.remove(remote, channel);
    }

    Channel find(InetSocketAddress remote) {
        return open.get(remote);
    }

    /** An open connection to {@code remote}, else the one being opened, else a new one from {@code connector}. */
    ChannelFuture connect(InetSocketAddress remote, Function<InetSocketAddress, ChannelFuture> connector) {
        Channel channel = open.get(remote);
        if (channel != null && channel.isActive()) {
            return channel.newSucceededFuture();
        }
        ChannelFuture pending = connecting.computeIfAbsent(remote, connector);
        pending.addListener(done -> {
            if (done.isSuccess()) {
                opened(remote, pending.channel());
            }
            connecting.remove(remote, pending);
        });
        return pending;
    }
}
