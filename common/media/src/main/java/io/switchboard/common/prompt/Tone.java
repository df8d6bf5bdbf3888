package io.switchboard.common.prompt;

/** Generated 8 kHz tones: the fallback for a missing prompt and test signals. */
public final class Tone {
    private Tone() {
    }

    /** {@code ms} milliseconds of a sine at {@code hz}, peak {@code amplitude}, 5 ms ramps against clicks. */
    public static short[] sine(double hz, int ms, int amplitude) {
        int n = ms * 8;
        short[] out = new short[n];
        int ramp = Math.min(40, n / 2);
        for (int i = 0; i < n; i++) {
            double gain = Math.min(1.0, Math.min(i, n - 1 - i) / (double) ramp);
            out[i] = (short) Math.round(amplitude * gain * Math.sin(2 * Math.PI * hz * i / 8000.0));
        }
        return out;
    }
}
