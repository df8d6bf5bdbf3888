package io.switchboard.common.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * An endpoint's own even/odd port pair, each channel {@code connect()}ed to the peer from SDP, so the
 * kernel drops strangers and a write takes a plain buffer: one syscall per packet.
 */
final class DedicatedPath implements RtpPath {
    private final Channel rtp;
    private final Channel rtcp;
    private final InetSocketAddress local;

    DedicatedPath(Channel rtp, Channel rtcp, InetSocketAddress local) {
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.local = local;
    }

    @Override
    public ByteBufAllocator alloc() {
        return rtp.alloc();
    }

    @Override
    public void connect(NegotiatedMedia m) {
        if (rtp.isActive() && rtp.remoteAddress() != null) {
            rtp.disconnect();
        }
        rtp.connect(m.remoteRtp());
        if (!m.rtcpMux()) {
            if (rtcp.remoteAddress() != null) {
                rtcp.disconnect();
            }
            rtcp.connect(m.remoteRtcp());
        }
    }

    @Override
    public void sendRtp(ByteBuf packet) {
        rtp.writeAndFlush(packet, rtp.voidPromise());
    }

    @Override
    public void sendRtcp(ByteBuf packet, boolean mux) {
        Channel ch = mux ? rtp : rtcp;
        ch.writeAndFlush(packet, ch.voidPromise());
    }

    @Override
    public InetSocketAddress local() {
        return local;
    }

    @Override
    public void close(Runnable released) {
        rtp.close();
        rtcp.close().addListener(f -> rtp.closeFuture().addListener(g -> released.run()));
    }
}
