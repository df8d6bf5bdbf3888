package io.switchboard.common.codec;

/**
 * One audio codec: 16-bit linear PCM at {@link #clockRate()} in, RTP payload out, and back. Arrays
 * in and out so a caller keeps its own buffers and nothing is allocated per frame. A stateless codec
 * (G.711) may be shared; a stateful one is made per stream by its {@link CodecRegistry} entry.
 */
public interface Codec {
    /** The rtpmap encoding name, e.g. {@code PCMU} (RFC 4566 section 6, case-insensitive). */
    String name();

    /** RTP clock rate in Hz (RFC 3551 section 4.5); also the PCM sample rate here. */
    int clockRate();

    /** The static payload type of RFC 3551 table 4, or -1 for a dynamic one. */
    int staticPayloadType();

    /** Encodes {@code samples} PCM samples into {@code out} at {@code outOff}; returns the bytes written. */
    int encode(short[] pcm, int pcmOff, int samples, byte[] out, int outOff);

    /** Decodes {@code len} payload bytes into {@code pcm} at {@code pcmOff}; returns the samples written. */
    int decode(byte[] payload, int off, int len, short[] pcm, int pcmOff);

    /** The payload bytes of one frame of {@code samples} samples, for sizing buffers. */
    int maxPayloadBytes(int samples);
}
