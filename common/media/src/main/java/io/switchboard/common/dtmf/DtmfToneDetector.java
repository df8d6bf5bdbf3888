package io.switchboard.common.dtmf;

/**
 * Finds DTMF key presses in 8 kHz audio for phones that send neither RFC 4733 nor SIP INFO. Eight
 * Goertzel filters (the four row and four column frequencies of ITU-T Q.23) run over blocks of 102
 * samples (12.75 ms: its 78 Hz bin spacing keeps the 73 Hz gap between 697 and 770 Hz apart, the
 * block size spandsp uses). A block holds a digit when one row and one column tone each stand clear:
 * <ul>
 * <li>energy: both tones above about -35 dBm0 and together at least 60% of the block's energy
 *     (speech and noise spread their energy; two pure tones do not);</li>
 * <li>relative peak: each is 8 dB above the other tones of its group;</li>
 * <li>twist: the high group at most 8 dB below the low group (lines attenuate highs) and at most
 *     4 dB above it (Q.24 limits);</li>
 * <li>steady: the block's two halves carry energy within 2 dB, so a block cut by the tone's start or
 *     end does not count.</li>
 * </ul>
 * A digit is reported after two consecutive blocks agree (25.5 ms of tone, so every press of 40 ms
 * or longer is caught whatever its alignment), and once per press: it must be followed by two
 * blocks without it before the same digit counts again. Nothing allocated; one instance per stream.
 */
public final class DtmfToneDetector {
    private static final int SAMPLE_RATE = 8000;
    static final int BLOCK = 102;
    private static final double[] ROWS = {697, 770, 852, 941};
    private static final double[] COLS = {1209, 1336, 1477, 1633};
    private static final char[][] KEYS = {
        {'1', '2', '3', 'A'},
        {'4', '5', '6', 'B'},
        {'7', '8', '9', 'C'},
        {'*', '0', '#', 'D'},
    };
    /** Per tone, as a normalised block power (N·A²/2): amplitude 400 of 32767 is about -35 dBm0. */
    private static final double MIN_TONE_POWER = BLOCK * 400.0 * 400.0 / 2;
    private static final double MIN_SHARE_OF_ENERGY = 0.6;
    private static final double RELATIVE_PEAK = 6.3;
    private static final double NORMAL_TWIST = 6.3;
    private static final double REVERSE_TWIST = 2.5;
    /** A block whose halves differ by more than 2 dB holds a tone edge: not a hit (so a 20 ms blip never makes two). */
    private static final double STEADY = 0.65;
    private static final int HITS_TO_REPORT = 2;
    private static final int MISSES_TO_RELEASE = 2;

    private static final double[] COEF = new double[8];

    static {
        for (int i = 0; i < 4; i++) {
            COEF[i] = 2 * Math.cos(2 * Math.PI * ROWS[i] / SAMPLE_RATE);
            COEF[i + 4] = 2 * Math.cos(2 * Math.PI * COLS[i] / SAMPLE_RATE);
        }
    }

    private final DigitListener listener;
    private final double[] s1 = new double[8];
    private final double[] s2 = new double[8];
    private final double[] power = new double[8];
    private double energy;
    private double firstHalf;
    private int filled;
    private char candidate;
    private int hits;
    private int misses;
    private char pressed;

    public long digits;

    public DtmfToneDetector(DigitListener listener) {
        this.listener = listener;
    }

    /** Feeds {@code len} samples of 8 kHz 16-bit PCM. */
    public void process(short[] pcm, int off, int len) {
        for (int i = off; i < off + len; i++) {
            double x = pcm[i];
            energy += x * x;
            if (filled == BLOCK / 2 - 1) {
                firstHalf = energy;
            }
            for (int f = 0; f < 8; f++) {
                double s0 = x + COEF[f] * s1[f] - s2[f];
                s2[f] = s1[f];
                s1[f] = s0;
            }
            if (++filled == BLOCK) {
                block(classify());
            }
        }
    }

    /** The digit one block holds, or 0; resets the filters for the next block. */
    private char classify() {
        for (int f = 0; f < 8; f++) {
            double p = s1[f] * s1[f] + s2[f] * s2[f] - COEF[f] * s1[f] * s2[f];
            power[f] = 2 * p / BLOCK;
            s1[f] = 0;
            s2[f] = 0;
        }
        double total = energy;
        double secondHalf = total - firstHalf;
        energy = 0;
        filled = 0;
        int row = strongest(0);
        int col = strongest(4);
        double r = power[row];
        double c = power[col];
        if (r < MIN_TONE_POWER || c < MIN_TONE_POWER || r + c < MIN_SHARE_OF_ENERGY * total) {
            return 0;
        }
        if (Math.min(firstHalf, secondHalf) < STEADY * Math.max(firstHalf, secondHalf)) {
            return 0;
        }
        if (r > c * NORMAL_TWIST || c > r * REVERSE_TWIST) {
            return 0;
        }
        for (int f = 0; f < 4; f++) {
            if ((f != row && power[f] * RELATIVE_PEAK > r) || (f + 4 != col && power[f + 4] * RELATIVE_PEAK > c)) {
                return 0;
            }
        }
        return KEYS[row][col - 4];
    }

    private int strongest(int from) {
        int best = from;
        for (int f = from + 1; f < from + 4; f++) {
            if (power[f] > power[best]) {
                best = f;
            }
        }
        return best;
    }

    private void block(char digit) {
        if (digit == candidate) {
            hits++;
        } else {
            candidate = digit;
            hits = 1;
        }
        if (digit == 0 || digit != pressed) {
            misses++;
        } else {
            misses = 0;
        }
        if (pressed != 0 && misses >= MISSES_TO_RELEASE) {
            pressed = 0;
        }
        if (candidate != 0 && hits >= HITS_TO_REPORT && candidate != pressed) {
            pressed = candidate;
            misses = 0;
            digits++;
            listener.digit(candidate, DigitSource.INBAND);
        }
    }
}
