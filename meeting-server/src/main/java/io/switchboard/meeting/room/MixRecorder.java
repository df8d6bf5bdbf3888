package io.switchboard.meeting.room;

import io.switchboard.common.conference.Conference;
import io.switchboard.common.prompt.WavWriter;
import io.switchboard.common.rtp.AudioSink;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A room's mix to a 16-bit 8 kHz WAV file. The mixer hands it each tick's frame on the media loop,
 * where it is only copied into a ring (one producer, one consumer, no lock); a timer thread drains
 * the ring to the file. A full ring drops frames (counted), and a disk error ends the recording
 * (logged once): neither ever reaches the room's audio.
 */
final class MixRecorder implements AudioSink {
    private static final Logger LOG = LoggerFactory.getLogger(MixRecorder.class);
    /** 10 s of frames: the drain runs every 200 ms. */
    static final int RING_FRAMES = 500;

    private final Path path;
    private final WavWriter wav;
    private final short[] ring = new short[RING_FRAMES * Conference.FRAME];
    private volatile long written;
    private volatile long read;
    private volatile boolean failed;
    private volatile boolean closed;
    long dropped;

    MixRecorder(Path path) throws IOException {
        this.path = path;
        java.nio.file.Files.createDirectories(path.getParent());
        this.wav = new WavWriter(path, 1, 8000);
    }

    Path path() {
        return path;
    }

    /** Recording now (not stopped, no disk error). */
    boolean active() {
        return !failed && !closed;
    }

    /** On the media loop: one copy, nothing else. */
    @Override
    public void frame(short[] pcm, int samples) {
        if (failed || closed) {
            return;
        }
        long w = written;
        if (w - read >= RING_FRAMES) {
            dropped++;
            return;
        }
        System.arraycopy(pcm, 0, ring, (int) (w % RING_FRAMES) * Conference.FRAME, Math.min(samples, Conference.FRAME));
        written = w + 1;
    }

    /** On the timer thread: what the loop recorded so far, to disk. */
    synchronized void drain() {
        if (failed) {
            return;
        }
        long w = written;
        try {
            for (long r = read; r < w; r++) {
                wav.samples(ring, (int) (r % RING_FRAMES) * Conference.FRAME, Conference.FRAME);
                read = r + 1;
            }
        } catch (IOException e) {
            failed = true;
            LOG.warn("recording {} stopped: {} (the room goes on)", path, e.toString());
            closeQuietly();
        }
    }

    /** Writes what is left and closes the file; the sizes in its header are then right. */
    synchronized void stop() {
        if (closed) {
            return;
        }
        drain();
        closed = true;
        if (!failed) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            wav.close();
        } catch (IOException e) {
            LOG.warn("recording {}: closing failed: {}", path, e.toString());
        }
    }
}
