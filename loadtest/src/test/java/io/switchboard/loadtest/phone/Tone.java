package io.switchboard.loadtest.phone;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Sine tones as 16-bit WAV, and the tone heard in a recording, measured by zero crossings. */
public final class Tone {
    private Tone() {
    }

    /** 8 kHz mono: what G.711 phones and Chromium's fake microphone take. */
    public static void write(Path file, int hz, int seconds) throws IOException {
        write(file, hz, seconds, 8000, 1);
    }

    /** {@code rate} and {@code channels} of the codec: baresip's aufile source refuses a file that differs (48 kHz stereo for Opus). */
    public static void write(Path file, int hz, int seconds, int rate, int channels) throws IOException {
        int frames = rate * seconds;
        byte[] pcm = new byte[frames * 2 * channels];
        int i = 0;
        for (int n = 0; n < frames; n++) {
            short v = (short) (8000 * Math.sin(2 * Math.PI * hz * n / (double) rate));
            for (int c = 0; c < channels; c++) {
                pcm[i++] = (byte) v;
                pcm[i++] = (byte) (v >> 8);
            }
        }
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), new AudioFormat(rate, 16, channels, true, false), frames),
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
            // The first channel of each frame: a stereo recording (Opus) is measured like a mono one.
            int step = 2 * Math.max(1, f.getChannels());
            int n = b.length / step;
            boolean little = !f.isBigEndian();
            short[] s = new short[n];
            for (int i = 0; i < n; i++) {
                int at = i * step;
                s[i] = little ? (short) ((b[at] & 0xff) | (b[at + 1] << 8)) : (short) ((b[at + 1] & 0xff) | (b[at] << 8));
            }
            int rate = (int) f.getSampleRate();
            double bestRms = 0;
            double bestHz = 0;
            int from = (int) Math.max(0, n - Math.min((double) n, seconds * rate));
            for (int start = from; start + rate <= n; start += rate / 2) {
                double sum = 0;
                for (int i = start; i < start + rate; i++) {
                    sum += (double) s[i] * s[i];
                }
                double rms = Math.sqrt(sum / rate);
                // Crossings with hysteresis (a tenth of the level): codec noise near zero (Opus at 48 kHz) adds none.
                double band = rms / 10;
                int crossings = 0;
                int sign = 0;
                for (int i = start; i < start + rate; i++) {
                    int now = s[i] > band ? 1 : s[i] < -band ? -1 : 0;
                    if (now != 0 && now != sign) {
                        crossings += sign == 0 ? 0 : 1;
                        sign = now;
                    }
                }
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
