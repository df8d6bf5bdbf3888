package io.switchboard.common.prompt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds WAV files for tests: 16-bit PCM at any rate, optionally stereo. */
final class Wav {
    private Wav() {
    }

    static byte[] pcm16(short[] samples, int rate, int channels) {
        int data = samples.length * 2 * channels;
        ByteBuffer b = ByteBuffer.allocate(44 + 10 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + 10 + data).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
                .putInt(rate * 2 * channels).putShort((short) (2 * channels)).putShort((short) 16);
        b.putInt(0x5453494c).putInt(1).put((byte) 'x').put((byte) 0); // odd-sized LIST chunk, padded
        b.putInt(0x61746164).putInt(data);
        for (short s : samples) {
            for (int c = 0; c < channels; c++) {
                b.putShort(s);
            }
        }
        return b.array();
    }

    static short[] sine(double hz, int rate, int samples, int amplitude) {
        short[] out = new short[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return out;
    }

    /** Power of {@code hz} in {@code pcm} (8 kHz) relative to the total, by a Goertzel filter over the whole signal. */
    static double share(short[] pcm, double hz) {
        double coef = 2 * Math.cos(2 * Math.PI * hz / 8000);
        double s1 = 0;
        double s2 = 0;
        double energy = 0;
        for (short x : pcm) {
            double s0 = x + coef * s1 - s2;
            s2 = s1;
            s1 = s0;
            energy += (double) x * x;
        }
        double p = s1 * s1 + s2 * s2 - coef * s1 * s2;
        return energy == 0 ? 0 : 2 * p / pcm.length / energy;
    }
}
