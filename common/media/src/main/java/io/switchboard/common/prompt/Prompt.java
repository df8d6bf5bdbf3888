package io.switchboard.common.prompt;

import io.switchboard.common.codec.Codec;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One prompt as 8 kHz PCM, and its 20 ms frames encoded once per codec (the first player with a
 * new codec pays for it, every later one reuses the frames). Immutable apart from that cache.
 */
public final class Prompt {
    public static final int FRAME_SAMPLES = 160;

    private final String name;
    private final short[] pcm;
    private final boolean fallback;
    private final ConcurrentMap<String, byte[][]> encoded = new ConcurrentHashMap<>();

    Prompt(String name, short[] pcm, boolean fallback) {
        this.name = name;
        this.pcm = pcm;
        this.fallback = fallback;
    }

    /** A prompt made from PCM already at 8 kHz (generated speech, a tone). */
    public static Prompt of(String name, short[] pcm8k) {
        return new Prompt(name, pcm8k.clone(), false);
    }

    public String name() {
        return name;
    }

    /** True when the file could not be played and this is the stand-in tone. */
    public boolean fallback() {
        return fallback;
    }

    public int frameCount() {
        return (pcm.length + FRAME_SAMPLES - 1) / FRAME_SAMPLES;
    }

    public int durationMs() {
        return pcm.length / 8;
    }

    public short[] pcm() {
        return pcm.clone();
    }

    /** The prompt's frames encoded with {@code codec} (an 8 kHz codec); computed once per codec name. */
    public byte[][] frames(Codec codec) {
        if (codec.clockRate() != 8000) {
            throw new IllegalArgumentException("prompts are kept at 8 kHz; codec " + codec.name() + " runs at " + codec.clockRate());
        }
        return encoded.computeIfAbsent(codec.name(), n -> encode(codec));
    }

    private byte[][] encode(Codec codec) {
        int frames = frameCount();
        byte[][] out = new byte[frames][];
        short[] frame = new short[FRAME_SAMPLES];
        byte[] payload = new byte[codec.maxPayloadBytes(FRAME_SAMPLES)];
        for (int f = 0; f < frames; f++) {
            int from = f * FRAME_SAMPLES;
            int n = Math.min(FRAME_SAMPLES, pcm.length - from);
            System.arraycopy(pcm, from, frame, 0, n);
            java.util.Arrays.fill(frame, n, FRAME_SAMPLES, (short) 0);
            int len = codec.encode(frame, 0, FRAME_SAMPLES, payload, 0);
            out[f] = java.util.Arrays.copyOf(payload, len);
        }
        return out;
    }
}
