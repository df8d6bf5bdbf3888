package io.switchboard.media.record;

/** ITU-T G.711 decoders as 256-entry tables (PCMU = payload type 0, PCMA = 8, RFC 3551 section 6). */
public final class G711 {
    private static final short[] ULAW = new short[256];
    private static final short[] ALAW = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            int u = ~i & 0xff;
            int exponent = (u >> 4) & 0x07;
            int magnitude = ((((u & 0x0f) << 3) + 0x84) << exponent) - 0x84;
            ULAW[i] = (short) ((u & 0x80) != 0 ? -magnitude : magnitude);

            int a = i ^ 0x55;
            int seg = (a >> 4) & 0x07;
            int mant = a & 0x0f;
            int value = seg == 0 ? (mant << 4) + 8 : ((mant << 4) + 0x108) << (seg - 1);
            ALAW[i] = (short) ((a & 0x80) != 0 ? value : -value);
        }
    }

    private G711() {
    }

    public static short ulaw(byte b) {
        return ULAW[b & 0xff];
    }

    public static short alaw(byte b) {
        return ALAW[b & 0xff];
    }
}
