package io.switchboard.common.prompt;

import io.switchboard.common.codec.G711;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads a RIFF/WAVE file into 16-bit PCM. Formats: 1 (PCM, 16 bit), 6 (A-law, 8 bit), 7 (µ-law,
 * 8 bit), and 0xFFFE (WAVE_FORMAT_EXTENSIBLE) whose sub-format is one of those. Stereo is mixed to
 * mono. Unknown chunks (LIST, fact, cue) are skipped; chunks are word-aligned (RIFF pads odd sizes).
 */
public final class WavReader {
    private static final int PCM = 1;
    private static final int ALAW = 6;
    private static final int MULAW = 7;
    private static final int EXTENSIBLE = 0xfffe;

    /** Decoded mono PCM and its sample rate. */
    public record Pcm(short[] samples, int sampleRate) {
    }

    private WavReader() {
    }

    public static Pcm read(byte[] file) throws WavFormatException {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new WavFormatException("not a RIFF/WAVE file (expected 'RIFF'....'WAVE' header)");
        }
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int pos = 12;
        while (pos + 8 <= file.length) {
            int id = b.getInt(pos);
            long size = b.getInt(pos + 4) & 0xffff_ffffL;
            int body = pos + 8;
            if (id == 0x20746d66) {
                if (size < 16 || body + 16 > file.length) {
                    throw new WavFormatException("fmt chunk of " + size + " bytes (expected at least 16)");
                }
                format = b.getShort(body) & 0xffff;
                channels = b.getShort(body + 2) & 0xffff;
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14) & 0xffff;
                if (format == EXTENSIBLE && size >= 40 && body + 26 <= file.length) {
                    format = b.getShort(body + 24) & 0xffff;
                }
            } else if (id == 0x61746164) {
                if (format < 0) {
                    throw new WavFormatException("data chunk before fmt chunk");
                }
                int len = (int) Math.min(size, file.length - body);
                return new Pcm(decode(b, body, len, format, channels, bits), rate);
            }
            pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        throw new WavFormatException("no data chunk");
    }

    private static short[] decode(ByteBuffer b, int off, int len, int format, int channels, int bits)
            throws WavFormatException {
        if (channels < 1 || channels > 2) {
            throw new WavFormatException(channels + " channels (expected mono or stereo)");
        }
        boolean pcm16 = format == PCM && bits == 16;
        boolean g711 = (format == ALAW || format == MULAW) && bits == 8;
        if (!pcm16 && !g711) {
            throw new WavFormatException("format " + format + " with " + bits
                    + " bits per sample (expected 16-bit PCM (1), A-law (6) or µ-law (7))");
        }
        int bytesPerSample = pcm16 ? 2 : 1;
        int frames = len / (bytesPerSample * channels);
        short[] out = new short[frames];
        for (int i = 0; i < frames; i++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                int at = off + (i * channels + c) * bytesPerSample;
                if (pcm16) {
                    sum += b.getShort(at);
                } else {
                    byte v = b.get(at);
                    sum += format == ALAW ? G711.alawToLinear(v) : G711.ulawToLinear(v);
                }
            }
            out[i] = (short) (sum / channels);
        }
        return out;
    }
}
