package io.switchboard.common.rtp;

/**
 * Takes the received audio, one decoded frame per ptime, on the endpoint's event loop (a conference
 * mixer, a recorder, a speech detector). {@code pcm} is the endpoint's own buffer: copy what you keep.
 * Lost or not-yet-playing frames arrive as silence.
 */
@FunctionalInterface
public interface AudioSink {
    void frame(short[] pcm, int samples);
}
