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

    /**
     * True: when {@link #next} has nothing, send nothing rather than a silence frame (silence
     * suppression, RFC 3551 section 4.1); the timestamp runs on and the first packet after the gap
     * carries the marker bit. The stream's first packet, and one every 5 s, still go out as silence
     * (a keepalive, RFC 6263). A conference does this for its listeners while nobody talks.
     */
    default boolean suppressesSilence() {
        return false;
    }
}
