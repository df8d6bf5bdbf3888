package io.switchboard.media.relay;

import io.netty.buffer.ByteBuf;

/**
 * Receives RTP that a leg relays (the recorder). Called on the relay event loop: it must copy what
 * it needs, must not retain or release {@code packet}, and must never block.
 */
public interface MediaTap {
    /** @param side 0 for the caller's leg, 1 for the callee's */
    void rtp(int side, ByteBuf packet);
}
