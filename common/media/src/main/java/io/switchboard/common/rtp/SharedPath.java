package io.switchboard.common.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * An endpoint on its loop's shared port ({@link SharedPort}): its packets are queued on the shared
 * channel addressed to the peer and leave with every other endpoint's of the tick in a few
 * {@code sendmmsg} calls; what the peer sends is handed over by the port's address table.
 */
final class SharedPath implements RtpPath {
    private final SharedPort port;
    private final RtpEndpoint endpoint;
    private InetSocketAddress remoteRtp;
    private InetSocketAddress remoteRtcp;

    SharedPath(SharedPort port, RtpEndpoint endpoint) {
        this.port = port;
        this.endpoint = endpoint;
    }

    @Override
    public ByteBufAllocator alloc() {
        return port.rtp().alloc();
    }

    @Override
    public void connect(NegotiatedMedia m) {
        if (remoteRtp != null) {
            port.forget(remoteRtp, endpoint);
        }
        if (remoteRtcp != null) {
            port.forget(remoteRtcp, endpoint);
        }
        remoteRtp = m.remoteRtp();
        remoteRtcp = m.rtcpMux() ? null : m.remoteRtcp();
        port.register(remoteRtp, endpoint);
        if (remoteRtcp != null) {
            port.register(remoteRtcp, endpoint);
        }
    }

    @Override
    public void sendRtp(ByteBuf packet) {
        port.rtp().write(new DatagramPacket(packet, remoteRtp), port.rtp().voidPromise());
    }

    @Override
    public void sendRtcp(ByteBuf packet, boolean mux) {
        if (mux || remoteRtcp == null) {
            port.rtp().write(new DatagramPacket(packet, remoteRtp), port.rtp().voidPromise());
        } else {
            port.rtcp().write(new DatagramPacket(packet, remoteRtcp), port.rtcp().voidPromise());
        }
    }

    @Override
    public InetSocketAddress local() {
        return port.local();
    }

    @Override
    public void close(Runnable released) {
        // On the loop: the table is the loop's own.
        port.rtp().eventLoop().execute(() -> {
            if (remoteRtp != null) {
                port.forget(remoteRtp, endpoint);
            }
            if (remoteRtcp != null) {
                port.forget(remoteRtcp, endpoint);
            }
            released.run();
        });
    }
}
