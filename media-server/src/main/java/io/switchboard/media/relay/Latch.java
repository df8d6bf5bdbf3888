package io.switchboard.media.relay;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * Symmetric latching (RFC 4961 in spirit, rtpengine's default): the first datagram on a port
 * names the far end. The leg's channel is then {@code connect()}ed to it, which is what made the
 * relay fast (DESIGN.md, "SIP transport and RTP relay"): Netty reads with recv() and the peer leg
 * writes the pooled buffer with send(), and the kernel drops strangers. Written only on the
 * channel's event loop; read elsewhere only for statistics.
 */
public final class Latch {
    private volatile InetSocketAddress peer;
    private boolean connected;

    /** True when the datagram may pass: it latched the far end now, or comes from it. */
    boolean admit(InetSocketAddress sender, Channel channel) {
        InetSocketAddress p = peer;
        if (p == null) {
            peer = sender;
            // The connect runs inline on this event loop (Netty refuses a void promise for it: one
            // future per latch). A failure leaves the channel unconnected and the peer leg then
            // sends with an address (see RelayLeg#send).
            channel.connect(sender);
            connected = channel.remoteAddress() != null;
            return true;
        }
        return p.equals(sender);
    }

    /**
     * Forgets the far end so the next datagram latches again (a transfer hands the leg to another
     * phone, or a NAT rebinding moved it). Runs on the channel's event loop, like {@link #admit}.
     */
    void reset(Channel channel) {
        channel.eventLoop().execute(() -> {
            if (connected) {
                channel.disconnect();
            }
            connected = false;
            peer = null;
        });
    }

    /** The channel is connected to the peer: write the bare buffer. Event loop only. */
    boolean connected() {
        return connected;
    }

    public InetSocketAddress peer() {
        return peer;
    }
}
