package io.switchboard.common.codec;

/** G.711 µ-law, RTP payload type 0 at 8 kHz, one byte per sample (RFC 3551 section 4.5.14). Stateless, shared. */
public final class Pcmu implements Codec {
    public static final Pcmu INSTANCE = new Pcmu();

    private Pcmu() {
    }

    @Override
    public String name() {
        return "PCMU";
    }

    @Override
    public int clockRate() {
        return 8000;
    }

    @Override
    public int staticPayloadType() {
        return 0;
    }

    @Override
    public int encode(short[] pcm, int pcmOff, int samples, byte[] out, int outOff) {
        for (int i = 0; i < samples; i++) {
            out[outOff + i] = G711.linearToUlaw(pcm[pcmOff + i]);
        }
        return samples;
    }

    @Override
    public int decode(byte[] payload, int off, int len, short[] pcm, int pcmOff) {
        for (int i = 0; i < len; i++) {
            pcm[pcmOff + i] = G711.ulawToLinear(payload[off + i]);
        }
        return len;
    }

    @Override
    public int maxPayloadBytes(int samples) {
        return samples;
    }
}
