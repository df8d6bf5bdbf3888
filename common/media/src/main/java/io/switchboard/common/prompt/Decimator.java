package io.switchboard.common.prompt;

/**
 * Brings PCM down to 8 kHz by an integer factor: a windowed-sinc low-pass (Hamming, 63 taps,
 * cut-off 3.6 kHz, under the new Nyquist of 4 kHz so nothing folds back) then every M-th sample.
 * Runs once per prompt at load time, never on the packet path.
 */
public final class Decimator {
    public static final int TARGET_RATE = 8000;
    private static final int TAPS = 63;
    private static final double CUTOFF_HZ = 3600;

    private Decimator() {
    }

    public static short[] to8k(short[] in, int rate) {
        if (rate == TARGET_RATE) {
            return in;
        }
        if (rate % TARGET_RATE != 0) {
            throw new IllegalArgumentException("sample rate " + rate + " (expected 8000 or a multiple of it: 16000, 32000, 48000)");
        }
        int m = rate / TARGET_RATE;
        double[] h = io.switchboard.common.dsp.LowPass.windowedSinc(TAPS, CUTOFF_HZ, rate);
        int half = TAPS / 2;
        short[] out = new short[in.length / m];
        for (int o = 0; o < out.length; o++) {
            int centre = o * m;
            double acc = 0;
            for (int t = 0; t < TAPS; t++) {
                int i = centre + t - half;
                if (i >= 0 && i < in.length) {
                    acc += h[t] * in[i];
                }
            }
            out[o] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(acc)));
        }
        return out;
    }
}
