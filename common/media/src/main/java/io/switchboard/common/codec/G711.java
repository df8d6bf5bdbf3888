package io.switchboard.common.codec;

/**
 * ITU-T G.711 companding as tables: 256-entry decoders and 65,536-entry encoders indexed by the
 * 16-bit sample, so a frame costs one lookup per sample. The encoders are the classic segment
 * search (Sun's g711.c, the reference most stacks copy) run once per possible sample.
 */
public final class G711 {
    private static final short[] ULAW_DECODE = new short[256];
    private static final short[] ALAW_DECODE = new short[256];
    private static final byte[] ULAW_ENCODE = new byte[65536];
    private static final byte[] ALAW_ENCODE = new byte[65536];
    /** µ-law bias (G.711 section 3.2): added before the segment search, removed on decode. */
    private static final int BIAS = 0x84;
    private static final int CLIP14 = 8159;
    /** Upper ends of the eight segments (14-bit µ-law, 13-bit A-law); declared before the static block that uses them. */
    private static final int[] SEG_UEND = {0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff};
    private static final int[] SEG_AEND = {0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff};

    static {
        for (int i = 0; i < 256; i++) {
            int u = ~i & 0xff;
            int exponent = (u >> 4) & 0x07;
            int magnitude = ((((u & 0x0f) << 3) + BIAS) << exponent) - BIAS;
            ULAW_DECODE[i] = (short) ((u & 0x80) != 0 ? -magnitude : magnitude);

            int a = i ^ 0x55;
            int seg = (a >> 4) & 0x07;
            int mant = a & 0x0f;
            int value = seg == 0 ? (mant << 4) + 8 : ((mant << 4) + 0x108) << (seg - 1);
            ALAW_DECODE[i] = (short) ((a & 0x80) != 0 ? value : -value);
        }
        for (int s = -32768; s < 32768; s++) {
            ULAW_ENCODE[s & 0xffff] = ulawSearch(s);
            ALAW_ENCODE[s & 0xffff] = alawSearch(s);
        }
    }

    private G711() {
    }

    public static short ulawToLinear(byte b) {
        return ULAW_DECODE[b & 0xff];
    }

    public static short alawToLinear(byte b) {
        return ALAW_DECODE[b & 0xff];
    }

    public static byte linearToUlaw(short s) {
        return ULAW_ENCODE[s & 0xffff];
    }

    public static byte linearToAlaw(short s) {
        return ALAW_ENCODE[s & 0xffff];
    }


    private static int segment(int value, int[] ends) {
        for (int i = 0; i < ends.length; i++) {
            if (value <= ends[i]) {
                return i;
            }
        }
        return ends.length;
    }

    /** µ-law works on 14 bits: sign, clip, add the bias, find the segment, keep 4 mantissa bits, invert. */
    private static byte ulawSearch(int sample) {
        int v = sample >> 2;
        int mask = 0xff;
        if (v < 0) {
            v = -v;
            mask = 0x7f;
        }
        v = Math.min(v, CLIP14) + (BIAS >> 2);
        int seg = segment(v, SEG_UEND);
        int code = seg >= 8 ? 0x7f : (seg << 4) | ((v >> (seg + 1)) & 0x0f);
        return (byte) (code ^ mask);
    }

    /** A-law works on 13 bits; the sign bit is 1 for positive values and even bits are inverted (0x55). */
    private static byte alawSearch(int sample) {
        int v = sample >> 3;
        int mask = 0xd5;
        if (v < 0) {
            v = -v - 1;
            mask = 0x55;
        }
        int seg = segment(v, SEG_AEND);
        int code;
        if (seg >= 8) {
            code = 0x7f;
        } else {
            code = (seg << 4) | ((seg < 2 ? v >> 1 : v >> seg) & 0x0f);
        }
        return (byte) (code ^ mask);
    }
}
