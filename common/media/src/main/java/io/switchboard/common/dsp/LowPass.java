package io.switchboard.common.dsp;

/** Low-pass FIR filters designed once, at start: the resamplers' anti-aliasing and anti-imaging filters. */
public final class LowPass {
    private LowPass() {
    }

    /**
     * A windowed-sinc (Hamming) low-pass of {@code taps} coefficients (odd: linear phase around the
     * middle one) cutting at {@code cutoffHz} for {@code sampleRate}, normalised to unity gain at DC.
     */
    public static double[] windowedSinc(int taps, double cutoffHz, int sampleRate) {
        double[] h = new double[taps];
        double fc = cutoffHz / sampleRate;
        int half = taps / 2;
        double sum = 0;
        for (int t = 0; t < taps; t++) {
            int n = t - half;
            double sinc = n == 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * n) / (Math.PI * n);
            double window = 0.54 - 0.46 * Math.cos(2 * Math.PI * t / (taps - 1));
            h[t] = sinc * window;
            sum += h[t];
        }
        for (int t = 0; t < taps; t++) {
            h[t] /= sum;
        }
        return h;
    }
}
