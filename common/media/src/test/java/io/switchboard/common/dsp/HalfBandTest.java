package io.switchboard.common.dsp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The 2:1 converter keeps the voice band and stops what would fold over at 8 kHz, across frames. */
class HalfBandTest {

    @Test
    void decimatingKeepsA1kHzToneAndStopsA6kHzOne() {
        assertThat(decimatedRms(1000)).as("1 kHz kept").isBetween(0.9 * rms8000(), 1.1 * rms8000());
        assertThat(decimatedRms(6000)).as("6 kHz (would fold to 2 kHz) stopped").isLessThan(0.05 * rms8000());
    }

    @Test
    void interpolatingKeepsA1kHzToneLevelAndPutsLittleAtItsImage() {
        HalfBand up = new HalfBand();
        short[] in = new short[160];
        short[] out = new short[320];
        double image = 0;
        double tone = 0;
        for (int f = 0; f < 20; f++) {
            for (int i = 0; i < 160; i++) {
                in[i] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * (f * 160 + i) / 8000.0));
            }
            up.interpolate(in, 160, out);
            if (f >= 5) {
                tone += goertzel(out, 1000, 16000);
                image += goertzel(out, 7000, 16000);
            }
        }
        assertThat(image).as("image at 8 kHz - 1 kHz").isLessThan(0.01 * tone);
    }

    private static double rms8000() {
        return 8000 / Math.sqrt(2);
    }

    private static double decimatedRms(int hz) {
        HalfBand down = new HalfBand();
        short[] in = new short[320];
        short[] out = new short[160];
        double sum = 0;
        int n = 0;
        for (int f = 0; f < 20; f++) {
            for (int i = 0; i < 320; i++) {
                in[i] = (short) (8000 * Math.sin(2 * Math.PI * hz * (f * 320 + i) / 16000.0));
            }
            down.decimate(in, 320, out);
            if (f >= 5) {
                for (short v : out) {
                    sum += (double) v * v;
                    n++;
                }
            }
        }
        return Math.sqrt(sum / n);
    }

    private static double goertzel(short[] pcm, int hz, int rate) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / (double) rate);
        double s1 = 0;
        double s2 = 0;
        for (short v : pcm) {
            double s0 = v + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coeff * s1 * s2;
    }
}
