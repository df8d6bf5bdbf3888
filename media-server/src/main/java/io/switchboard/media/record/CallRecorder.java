package io.switchboard.media.record;

import io.switchboard.common.prompt.WavWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every recording of this node on one thread. The relay hands it payload copies in
 * preallocated frames through a bounded queue: when the pool is empty the packet is dropped and
 * counted, the relay never waits. Disk errors end that one recording with one log line.
 */
public final class CallRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallRecorder.class);
    static final int MAX_PAYLOAD = 1500;

    private final Path dir;
    private final ArrayBlockingQueue<Frame> free;
    private final ArrayBlockingQueue<Frame> filled;
    private final Thread writer;
    private volatile boolean closed;
    volatile long queueDrops;

    /** A payload copy or a control message travelling to the writer thread. */
    static final class Frame {
        final byte[] data = new byte[MAX_PAYLOAD];
        Recording recording;
        int side;
        int payloadType;
        int length;
        boolean stop;
    }

    public CallRecorder(Path dir, int queueFrames) {
        this.dir = dir;
        this.free = new ArrayBlockingQueue<>(queueFrames);
        this.filled = new ArrayBlockingQueue<>(queueFrames + 64);
        for (int i = 0; i < queueFrames; i++) {
            free.add(new Frame());
        }
        this.writer = new Thread(this::run, "media-recorder");
        writer.setDaemon(true);
        writer.start();
    }

    public Path dir() {
        return dir;
    }

    /** Packets dropped because the writer fell behind (all recordings). */
    public long queueDrops() {
        return queueDrops;
    }

    /**
     * Opens {@code <call-id>_<from-tag>.wav} (sanitised) and returns the tap to attach to the
     * session, or null when the file cannot be created (logged once; the call goes on unrecorded).
     */
    public Recording start(String callId, String fromTag) {
        String base = sanitise(callId) + "_" + sanitise(fromTag);
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(base + ".wav");
            for (int n = 1; Files.exists(file); n++) {
                file = dir.resolve(base + "-" + n + ".wav");
            }
            Recording r = new Recording(this, callId, file, new WavWriter(file, 2, 8000));
            LOG.info("[{}] recording to {}", callId, file);
            return r;
        } catch (IOException | RuntimeException e) {
            LOG.warn("[{}] recording not started: cannot create a file in {}: {}", callId, dir, e.toString());
            return null;
        }
    }

    static String sanitise(String s) {
        String clean = s.replaceAll("[^A-Za-z0-9._-]", "_");
        if (clean.startsWith(".")) {
            clean = "_" + clean.substring(1);
        }
        return clean.length() > 80 ? clean.substring(0, 80) : clean;
    }

    /** Packet path: borrow a frame, copy, hand over. Never blocks. */
    Frame borrow() {
        return free.poll();
    }

    void submit(Frame f) {
        // Never fails: filled holds more than the frames that exist plus the stop markers in flight.
        filled.offer(f);
    }

    /** Asks the writer to finish the file after the frames already queued for it. */
    void stop(Recording r) {
        Frame f = new Frame();
        f.recording = r;
        f.stop = true;
        try {
            if (!filled.offer(f, 1, TimeUnit.SECONDS)) {
                LOG.warn("[{}] recorder queue full; finishing the file without the last frames", r.callId());
                r.finish();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (!closed || !filled.isEmpty()) {
            Frame f;
            try {
                f = filled.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
                continue;
            }
            if (f == null) {
                continue;
            }
            if (f.stop) {
                f.recording.finish();
                continue;
            }
            try {
                f.recording.write(f.side, f.payloadType, f.data, f.length);
            } finally {
                f.recording = null;
                free.offer(f);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
