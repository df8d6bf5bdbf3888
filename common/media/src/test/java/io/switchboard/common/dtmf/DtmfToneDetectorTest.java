package io.switchboard.common.dtmf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DtmfToneDetectorTest {
    private static final double[] ROWS = {697, 770, 852, 941};
    private static final double[] COLS = {1209, 1336, 1477, 1633};
    private static final String KEYS = "123A456B789C*0#D";

    private final List<Character> heard = new ArrayList<>();
    private final DtmfToneDetector detector = new DtmfToneDetector((d, s) -> {
        assertThat(s).isEqualTo(DigitSource.INBAND);
        heard.add(d);
    });
    private final Random random = new Random(4733);

    /** A digit, each tone at {@code amplitude}, the high tone {@code twistDb} weaker, plus white noise. */
    private short[] digit(char key, int ms, int amplitude, double twistDb, int noise) {
        int k = KEYS.indexOf(key);
        double low = ROWS[k / 4];
        double high = COLS[k % 4];
        double highAmp = amplitude * Math.pow(10, -twistDb / 20);
        short[] out = new short[ms * 8];
        double phase = random.nextDouble() * 6;
        for (int i = 0; i < out.length; i++) {
            double v = amplitude * Math.sin(2 * Math.PI * low * i / 8000 + phase)
                    + highAmp * Math.sin(2 * Math.PI * high * i / 8000) + noise * random.nextGaussian();
            out[i] = (short) Math.max(-32768, Math.min(32767, v));
        }
        return out;
    }

    private short[] silence(int ms, int noise) {
        short[] out = new short[ms * 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) (noise * random.nextGaussian());
        }
        return out;
    }

    /** Feeds in 20 ms frames, the way the endpoint does. */
    private void feed(short[] pcm) {
        for (int off = 0; off < pcm.length; off += 160) {
            detector.process(pcm, off, Math.min(160, pcm.length - off));
        }
    }

    @Test
    void allSixteenDigitsAreFoundOnceEachInNoise_q24() {
        for (char key : KEYS.toCharArray()) {
            feed(digit(key, 80, 6000, 2, 300));
            feed(silence(60, 300));
        }
        assertThat(heard.stream().map(String::valueOf).reduce("", String::concat)).isEqualTo(KEYS);
    }

    @Test
    void fortyMillisecondPressesAreFoundAtAnyAlignment_q24() {
        for (int shift = 0; shift < 102; shift += 17) {
            feed(silence(1, 100));
            short[] pad = new short[shift];
            feed(pad);
            feed(digit('5', 40, 5000, 0, 100));
            feed(silence(50, 100));
        }
        assertThat(heard).hasSize(6).containsOnly('5');
    }

    @Test
    void twentyMillisecondBlipsAreIgnored_q24() {
        for (int i = 0; i < 10; i++) {
            feed(digit('8', 20, 6000, 0, 100));
            feed(silence(60, 100));
        }
        assertThat(heard).isEmpty();
    }

    @Test
    void twistBeyondLimitsIsRejected_q24() {
        feed(digit('3', 100, 6000, 12, 50)); // high group 12 dB weaker
        feed(silence(60, 50));
        feed(digit('3', 100, 6000, -8, 50)); // high group 8 dB stronger
        feed(silence(60, 50));
        feed(digit('3', 100, 6000, 6, 50)); // within limits
        assertThat(heard).containsExactly('3');
    }

    @Test
    void singleToneIsNotADigit_q23() {
        short[] tone = new short[8000];
        for (double hz : new double[] {697, 941, 1209, 1633, 425, 1000}) {
            for (int i = 0; i < tone.length; i++) {
                tone[i] = (short) (8000 * Math.sin(2 * Math.PI * hz * i / 8000));
            }
            feed(tone);
        }
        assertThat(heard).isEmpty();
    }

    @Test
    void speechLikeSignalIsNotADigit_q24() {
        // Vowel-like: a gliding pitch with many harmonics under formant peaks, syllables in amplitude, plus noise.
        short[] speech = new short[8000 * 10];
        double phase = 0;
        for (int i = 0; i < speech.length; i++) {
            double t = i / 8000.0;
            double pitch = 110 + 40 * Math.sin(2 * Math.PI * 0.7 * t) + 20 * Math.sin(2 * Math.PI * 3.1 * t);
            phase += 2 * Math.PI * pitch / 8000;
            double v = 0;
            for (int h = 1; h <= 30; h++) {
                double f = h * pitch;
                if (f > 3800) {
                    break;
                }
                double formants = Math.exp(-Math.pow((f - 700) / 150, 2)) + 0.7 * Math.exp(-Math.pow((f - 1200) / 200, 2))
                        + 0.4 * Math.exp(-Math.pow((f - 2500) / 300, 2)) + 0.05;
                v += formants * Math.sin(h * phase);
            }
            double syllable = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
            speech[i] = (short) Math.max(-32768, Math.min(32767, 3000 * syllable * v + 200 * random.nextGaussian()));
        }
        feed(speech);
        feed(silence(3000, 3000));
        assertThat(heard).isEmpty();
    }

    @Test
    void quietTonesBelowTheEnergyThresholdAreIgnored_q24() {
        feed(digit('1', 200, 150, 0, 10));
        assertThat(heard).isEmpty();
    }
}
