package io.switchboard.common.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One loop's shared RTP port (and the RTCP port after it) for all its endpoints: the peer is told
 * apart by its address (every peer of a worker is a media relay port or another node's port, one
 * per stream), so a tick's packets leave in a few {@code sendmmsg} calls and arrive in
 * {@code recvmmsg} batches instead of one syscall each. The address table belongs to the loop:
 * endpoints register and leave on it, and lookups take no lock and allocate nothing. A packet from
 * an address no endpoint registered is dropped and counted ({@link #strangers}).
 */
final class SharedPort {
    private Channel rtp;
    private Channel rtcp;
    private final InetSocketAddress local;
    private final AddressTable table = new AddressTable();
    long strangers;

    SharedPort(InetSocketAddress local) {
        this.local = local;
    }

    /** The bound channels, before any endpoint uses the port. */
    void attach(Channel rtp, Channel rtcp) {
        this.rtp = rtp;
        this.rtcp = rtcp;
    }

    Channel rtp() {
        return rtp;
    }

    Channel rtcp() {
        return rtcp;
    }

    InetSocketAddress local() {
        return local;
    }

    /** After a tick's sends: everything queued leaves now. */
    void flush() {
        rtp.flush();
        rtcp.flush();
    }

    void register(InetSocketAddress peer, RtpEndpoint endpoint) {
        table.put(key(peer), endpoint);
    }

    void forget(InetSocketAddress peer, RtpEndpoint endpoint) {
        table.remove(key(peer), endpoint);
    }

    int registered() {
        return table.size();
    }

    /**
     * The table key of a peer address, read without allocating (per packet): an IPv4 address's hash
     * code is its 32 bits, so (address, port) is exact; an IPv6 peer's hash may collide, which only
     * costs a lookup miss (the packet is counted as a stranger).
     */
    static long key(InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        long v = ip == null ? 0 : ip.hashCode() & 0xffff_ffffL;
        return (v << 16) | a.getPort();
    }

    ChannelInboundHandlerAdapter handler(boolean rtcpPort) {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                DatagramPacket p = (DatagramPacket) msg;
                ByteBuf buf = p.content();
                try {
                    RtpEndpoint e = table.get(key(p.sender()));
                    if (e == null) {
                        strangers++;
                    } else {
                        e.received(buf, rtcpPort);
                    }
                } finally {
                    p.release();
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                strangers++; // an ICMP error for a peer gone: the port goes on
            }
        };
    }

    /** Open addressing, long keys, linear probing; only on the loop. */
    static final class AddressTable {
        private long[] keys = new long[64];
        private RtpEndpoint[] values = new RtpEndpoint[64];
        private int size;

        RtpEndpoint get(long key) {
            int mask = keys.length - 1;
            for (int i = slot(key, mask); ; i = (i + 1) & mask) {
                RtpEndpoint v = values[i];
                if (v == null) {
                    return null;
                }
                if (keys[i] == key) {
                    return v;
                }
            }
        }

        void put(long key, RtpEndpoint value) {
            if ((size + 1) * 2 > keys.length) {
                grow();
            }
            int mask = keys.length - 1;
            for (int i = slot(key, mask); ; i = (i + 1) & mask) {
                if (values[i] == null) {
                    keys[i] = key;
                    values[i] = value;
                    size++;
                    return;
                }
                if (keys[i] == key) {
                    values[i] = value; // a new stream from the same peer address takes it over
                    return;
                }
            }
        }

        void remove(long key, RtpEndpoint value) {
            int mask = keys.length - 1;
            int i = slot(key, mask);
            while (values[i] != null && keys[i] != key) {
                i = (i + 1) & mask;
            }
            if (values[i] == null || values[i] != value) {
                return;
            }
            values[i] = null;
            size--;
            // Re-insert the run after the hole so probing still finds every key.
            for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
                long k = keys[j];
                RtpEndpoint v = values[j];
                values[j] = null;
                size--;
                put(k, v);
            }
        }

        int size() {
            return size;
        }

        private void grow() {
            long[] oldKeys = keys;
            RtpEndpoint[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new RtpEndpoint[oldValues.length * 2];
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldValues[i] != null) {
                    put(oldKeys[i], oldValues[i]);
                }
            }
        }

        private static int slot(long key, int mask) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h >>> 32) & mask;
        }
    }
}
