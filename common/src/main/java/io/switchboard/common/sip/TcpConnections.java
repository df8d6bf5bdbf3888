package io.switchboard.common.sip;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;

/** Open TCP connections by peer address, so that a response for a {@link Flow} finds its connection (RFC 3261 §18.2.2). */
final class TcpConnections {
    private final ConcurrentHashMap<InetSocketAddress, Channel> open = new ConcurrentHashMap<>();

    void opened(InetSocketAddress remote, Channel channel) {
        open.put(remote, channel);
    }

    void closed(InetSocketAddress remote, Channel channel) {
        open.remove(remote, channel);
    }

    Channel find(InetSocketAddress remote) {
        return open.get(remote);
    }
}
