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

    /**
     * The prompt's frames encoded with {@code codec}, 20 ms each; computed once per codec name and
     * rate. For a 16 kHz codec the 8 kHz prompt is upsampled first (it stays narrowband audio).
     */
    public byte[][] frames(Codec codec) {
        int rate = codec.clockRate();
        if (rate != 8000 && rate != 16000) {
            throw new IllegalArgumentException("prompts play at 8 or 16 kHz; codec " + codec.name() + " runs at " + rate);
        }
        return encoded.computeIfAbsent(codec.name() + "/" + rate, n -> encode(codec,
                rate == 8000 ? pcm : io.switchboard.common.dsp.HalfBand.upsample(pcm), rate / 50));
    }

    private byte[][] encode(Codec codec, short[] samples, int perFrame) {
        int frames = (samples.length + perFrame - 1) / perFrame;
        byte[][] out = new byte[frames][];
        short[] frame = new short[perFrame];
        byte[] payload = new byte[codec.maxPayloadBytes(perFrame)];
        for (int f = 0; f < frames; f++) {
            int from = f * perFrame;
            int n = Math.min(perFrame, samples.length - from);
            System.arraycopy(samples, from, frame, 0, n);
            java.util.Arrays.fill(frame, n, perFrame, (short) 0);
            int len = codec.encode(frame, 0, perFrame, payload, 0);
            out[f] = java.util.Arrays.copyOf(payload, len);
        }
        return out;
    }
}
