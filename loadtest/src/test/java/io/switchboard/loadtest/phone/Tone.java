package io.switchboard.loadtest.phone;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Sine tones as 8 kHz 16-bit WAV, and the tone heard in a recording, measured by zero crossings. */
public final class Tone {
    private static final AudioFormat FORMAT = new AudioFormat(8000, 16, 1, true, false);

    private Tone() {
    }

    public static void write(Path file, int hz, int seconds) throws IOException {
        int samples = 8000 * seconds;
        byte[] pcm = new byte[samples * 2];
        for (int n = 0; n < samples; n++) {
            short v = (short) (8000 * Math.sin(2 * Math.PI * hz * n / 8000.0));
            pcm[2 * n] = (byte) v;
            pcm[2 * n + 1] = (byte) (v >> 8);
        }
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), FORMAT, samples),
                AudioFileFormat.Type.WAVE, file.toFile());
    }

    /** What a recording holds: its loudest second's level and the frequency there. */
    public record Heard(double seconds, double rms, double hz) {
    }

    public static Heard measure(Path wav) throws IOException {
        return measureTail(wav, Double.MAX_VALUE);
    }

    /** Like {@link #measure}, over the last {@code seconds} of the recording only (after a transfer, the new party). */
    public static Heard measureTail(Path wav, double seconds) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat f = in.getFormat();
            byte[] b = in.readAllBytes();
            int n = b.length / 2;
            boolean little = !f.isBigEndian();
            short[] s = new short[n];
            for (int i = 0; i < n; i++) {
                s[i] = little ? (short) ((b[2 * i] & 0xff) | (b[2 * i + 1] << 8)) : (short) ((b[2 * i + 1] & 0xff) | (b[2 * i] << 8));
            }
            int rate = (int) f.getSampleRate();
            double bestRms = 0;
            double bestHz = 0;
            int from = (int) Math.max(0, n - Math.min((double) n, seconds * rate));
            for (int start = from; start + rate <= n; start += rate / 2) {
                double sum = 0;
                int crossings = 0;
                for (int i = start; i < start + rate; i++) {
                    sum += (double) s[i] * s[i];
                    if (i > start && (s[i] < 0) != (s[i - 1] < 0)) {
                        crossings++;
                    }
                }
                double rms = Math.sqrt(sum / rate);
                if (rms > bestRms) {
                    bestRms = rms;
                    bestHz = crossings / 2.0;
                }
            }
            return new Heard(n / (double) rate, bestRms, bestHz);
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("not a WAV file: " + wav, e);
        }
    }
}
