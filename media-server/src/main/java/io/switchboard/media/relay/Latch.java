package io.switchboard.media.relay;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;

/**
 * Symmetric latching (RFC 4961 in spirit, rtpengine's default): the first datagram on a port
 * names the far end. The leg's channel is then {@code connect()}ed to it, which is what made the
 * relay fast (docs/ARCHITECTURE.md, "SIP transport and RTP relay"): Netty reads with recv() and the peer leg
 * writes the pooled buffer with send(), and the kernel drops strangers. Written only on the
 * channel's event loop; read elsewhere only for statistics.
 */
public final class Latch {
    private volatile InetSocketAddress peer;
    private boolean connected;
    /** The far end before the last reset: it may not latch again (event loop only). */
    private InetSocketAddress departed;

    /** True when the datagram may pass: it latched the far end now, or comes from it. */
    boolean admit(InetSocketAddress sender, Channel channel) {
        InetSocketAddress p = peer;
        if (p == null) {
            if (sender.equals(departed)) {
                return false;
            }
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
     * phone, or a NAT rebinding moved it). The old far end — the latched one, else {@code announced}
     * (where its SDP said it was) — is refused from now on: a transferor keeps sending RTP until
     * its BYE, and would otherwise win the new latch and shut the transfer target out for good.
     * Runs on the channel's event loop, like {@link #admit}; {@code channel} is null for an RTCP port
     * that was never opened (rtcp-mux), which then cannot be connected either.
     */
    void reset(EventLoop loop, Channel channel, InetSocketAddress announced) {
        loop.execute(() -> {
            if (connected && channel != null) {
                channel.disconnect();
            }
            connected = false;
            departed = peer != null ? peer : announced;
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
