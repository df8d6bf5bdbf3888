package io.switchboard.common.codec;

/**
 * One audio codec: 16-bit linear PCM at {@link #clockRate()} in, RTP payload out, and back. Arrays
 * in and out so a caller keeps its own buffers and nothing is allocated per frame. A stateless codec
 * (G.711) may be shared; a stateful one is made per stream by its {@link CodecRegistry} entry.
 */
public interface Codec {
    /** The rtpmap encoding name, e.g. {@code PCMU} (RFC 4566 section 6, case-insensitive). */
    String name();

    /**
     * The sample rate in Hz of the PCM this codec takes and gives (prompts, tone detection and mixing
     * run at 8 kHz). For G.711 it is also the RTP clock; a codec whose RTP clock differs (Opus runs
     * 48000 whatever it carries, RFC 7587 section 4.1) says so in {@link #rtpClockRate()}.
     */
    int clockRate();

    /** The RTP timestamp clock in Hz (RFC 3550 section 5.1), as in the rtpmap; the PCM rate unless the codec says otherwise. */
    default int rtpClockRate() {
        return clockRate();
    }

    /** The channel count of the rtpmap (RFC 4566 section 6): 1, or 2 for Opus (RFC 7587 section 7) even when mono is sent. */
    default int channels() {
        return 1;
    }

    /** The {@code a=fmtp} parameters we declare for this codec, or null for none. */
    default String fmtp() {
        return null;
    }

    /** PCM samples per frame of {@code ptimeMs}. */
    default int samplesPerFrame(int ptimeMs) {
        return clockRate() * ptimeMs / 1000;
    }

    /** How far the RTP timestamp advances per frame of {@code ptimeMs} (960 for 20 ms of Opus, 160 of G.711). */
    default int timestampStep(int ptimeMs) {
        return rtpClockRate() * ptimeMs / 1000;
    }

    /** Frees native state of a per-stream codec (once the stream no longer uses it); a no-op for stateless ones. */
    default void release() {
    }

    /** The static payload type of RFC 3551 table 4, or -1 for a dynamic one. */
    int staticPayloadType();

    /** Encodes {@code samples} PCM samples into {@code out} at {@code outOff}; returns the bytes written. */
    int encode(short[] pcm, int pcmOff, int samples, byte[] out, int outOff);

    /** Decodes {@code len} payload bytes into {@code pcm} at {@code pcmOff}; returns the samples written. */
    int decode(byte[] payload, int off, int len, short[] pcm, int pcmOff);

    /** The payload bytes of one frame of {@code samples} samples, for sizing buffers. */
    int maxPayloadBytes(int samples);
}
