package io.switchboard.media.record;

import io.switchboard.common.prompt.WavWriter;
import io.netty.buffer.ByteBuf;
import io.switchboard.common.codec.G711;
import io.switchboard.common.rtp.RtpHeader;
import io.switchboard.media.relay.MediaTap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's recording. {@link #rtp} runs on the relay event loop (copy into a pooled frame);
 * everything else on the recorder thread, which decodes and interleaves: caller left, callee right.
 * Samples are paired in arrival order per side; when one side runs more than
 * {@value #MAX_SKEW_SAMPLES} samples ahead (the other is silent), its excess is written against silence.
 */
public final class Recording implements MediaTap {
    private static final Logger LOG = LoggerFactory.getLogger(Recording.class);
    static final int MAX_SKEW_SAMPLES = 16_000;

    private final CallRecorder recorder;
    private final String callId;
    private final Path file;
    private final WavWriter wav;
    private final short[][] pending = {new short[MAX_SKEW_SAMPLES + CallRecorder.MAX_PAYLOAD], new short[MAX_SKEW_SAMPLES + CallRecorder.MAX_PAYLOAD]};
    private final int[] pendingCount = new int[2];
    private final CompletableFuture<Path> finished = new CompletableFuture<>();
    private volatile boolean stopped;
    private boolean failed;
    volatile long drops;

    Recording(CallRecorder recorder, String callId, Path file, WavWriter wav) {
        this.recorder = recorder;
        this.callId = callId;
        this.file = file;
        this.wav = wav;
    }

    public String callId() {
        return callId;
    }

    public Path file() {
        return file;
    }

    /** Completes with the file once its header is final (or exceptionally if writing failed). */
    public CompletableFuture<Path> finished() {
        return finished;
    }

    public long drops() {
        return drops;
    }

    @Override
    public void rtp(int side, ByteBuf packet) {
        if (stopped) {
            return;
        }
        int off = packet.readerIndex();
        int datagram = packet.readableBytes();
        int header = RtpHeader.headerLength(packet, off, datagram);
        int payload = header < 0 ? -1 : RtpHeader.payloadLength(packet, off, datagram, header);
        // Padding longer than the payload (-1) is a malformed packet: nothing to record.
        if (payload < 0) {
            return;
        }
        int len = Math.min(payload, CallRecorder.MAX_PAYLOAD);
        CallRecorder.Frame f = recorder.borrow();
        if (f == null) {
            drops++;
            recorder.queueDrops++;
            return;
        }
        packet.getBytes(off + header, f.data, 0, len);
        f.recording = this;
        f.side = side;
        f.payloadType = RtpHeader.payloadType(packet, off);
        f.length = len;
        recorder.submit(f);
    }

    /** Stops tapping and finalises the WAV header after the queued frames. Idempotent. */
    public void stop() {
        if (!stopped) {
            stopped = true;
            recorder.stop(this);
        }
    }

    void write(int side, int payloadType, byte[] data, int length) {
        // Only G.711 is decoded; telephone-event, comfort noise and other codecs are skipped.
        if (failed || finished.isDone() || (payloadType != 0 && payloadType != 8)) {
            return;
        }
        short[] buf = pending[side];
        int n = pendingCount[side];
        for (int i = 0; i < length; i++) {
            buf[n++] = payloadType == 8 ? G711.alawToLinear(data[i]) : G711.ulawToLinear(data[i]);
        }
        pendingCount[side] = n;
        try {
            drain(false);
        } catch (IOException e) {
            fail(e);
        }
    }

    private void drain(boolean all) throws IOException {
        int l = pendingCount[0];
        int r = pendingCount[1];
        int pairs = Math.min(l, r);
        int lead = Math.max(l, r) - pairs;
        int frames = all ? Math.max(l, r) : pairs + (lead > MAX_SKEW_SAMPLES ? lead : 0);
        for (int i = 0; i < frames; i++) {
            wav.frame(i < l ? pending[0][i] : 0, i < r ? pending[1][i] : 0);
        }
        shift(0, Math.min(frames, l));
        shift(1, Math.min(frames, r));
    }

    private void shift(int side, int consumed) {
        int left = pendingCount[side] - consumed;
        System.arraycopy(pending[side], consumed, pending[side], 0, left);
        pendingCount[side] = left;
    }

    private void fail(IOException e) {
        failed = true;
        stopped = true;
        LOG.warn("[{}] recording stopped, the call goes on: writing {} failed: {}", callId, file, e.toString());
        try {
            wav.close();
        } catch (IOException ignored) {
            // Already failing; the first error is the one worth a log line.
        }
        finished.completeExceptionally(e);
    }

    void finish() {
        if (finished.isDone()) {
            return;
        }
        try {
            if (!failed) {
                drain(true);
                wav.close();
                LOG.info("[{}] recording finished: {} ({} frames)", callId, file, wav.frames());
                finished.complete(file);
            }
        } catch (IOException e) {
            fail(e);
        }
    }
}
