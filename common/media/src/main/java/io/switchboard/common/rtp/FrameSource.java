package io.switchboard.common.rtp;

import io.netty.buffer.ByteBuf;
import io.switchboard.common.codec.Codec;

/**
 * What an endpoint sends: asked once per ptime, on the endpoint's event loop, for one frame of
 * {@code samples} samples encoded with {@code codec}. A prompt player copies frames it encoded once;
 * a conference mixer encodes its mix. Must not block, log or allocate.
 */
@FunctionalInterface
public interface FrameSource {
    /** Writes one frame's payload at {@code out}'s writer index; false when it has nothing (silence is sent). */
    boolean next(Codec codec, int samples, ByteBuf out);
}
