package io.switchboard.common.dsp;

/**
 * Converts 16-bit PCM between 16 kHz and 8 kHz by a factor of two, one stream at a time: a
 * windowed-sinc low-pass (Hamming, 31 taps, cut-off 3.6 kHz, under the 4 kHz Nyquist of 8 kHz) that
 * keeps its history from frame to frame, so consecutive frames join without a click. Decimation
 * filters then keeps every other sample; interpolation puts a zero between samples and filters (with
 * gain 2). One instance per stream and direction, used on one thread; nothing is allocated per frame.
 */
public final class HalfBand {
    private static final int TAPS = 31;
    private static final double[] H = LowPass.windowedSinc(TAPS, 3600, 16000);

    /** The last TAPS input samples at 16 kHz (decimating) or of the zero-stuffed signal (interpolating), a ring. */
    private final double[] ring = new double[TAPS];
    /** Where the newest sample is in {@link #ring}. */
    private int head;

    /** 16 kHz to 8 kHz: {@code n} samples of {@code in} (even) into {@code n / 2} samples of {@code out}. */
    public void decimate(short[] in, int n, short[] out) {
        for (int o = 0; o < n / 2; o++) {
            push(in[2 * o]);
            double acc = filterNewest();
            push(in[2 * o + 1]);
            out[o] = clamp(acc);
        }
    }

    /** 8 kHz to 16 kHz: {@code n} samples of {@code in} into {@code 2n} samples of {@code out}. */
    public void interpolate(short[] in, int n, short[] out) {
        for (int i = 0; i < n; i++) {
            push(in[i]);
            out[2 * i] = clamp(2 * filterNewest());
            push(0);
            out[2 * i + 1] = clamp(2 * filterNewest());
        }
    }

    /** A whole signal at once (a prompt at load time): 8 kHz in, 16 kHz out. */
    public static short[] upsample(short[] pcm8k) {
        short[] out = new short[2 * pcm8k.length];
        new HalfBand().interpolate(pcm8k, pcm8k.length, out);
        return out;
    }

    private void push(double sample) {
        head = head + 1 == TAPS ? 0 : head + 1;
        ring[head] = sample;
    }

    /** The filter's output at the newest sample: tap t weighs the sample t steps back. */
    private double filterNewest() {
        double acc = 0;
        int i = head;
        for (int t = 0; t < TAPS; t++) {
            acc += H[t] * ring[i];
            i = i == 0 ? TAPS - 1 : i - 1;
        }
        return acc;
    }

    private static short clamp(double v) {
        long r = Math.round(v);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
    }
}
