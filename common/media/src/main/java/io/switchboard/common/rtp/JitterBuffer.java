package io.switchboard.common.rtp;

import io.netty.buffer.ByteBuf;

/**
 * A small adaptive playout buffer for one received stream, polled once per ptime by the shared
 * clock. Packets are stored by sequence number in a ring of preallocated slots (nothing allocated
 * per packet); the first packet is held {@code target} ticks before playout starts, which is what
 * puts reordered packets back in order. A packet whose turn has passed is late and dropped, a
 * second copy of a stored one is a duplicate and dropped.
 *
 * <p>Adapting: the target depth follows the interarrival jitter (RFC 3550 A.8) the caller passes to
 * {@link #retarget}: one ptime plus three times the jitter, within {@code [minDepth, maxDepth]}. It
 * grows at once on an underrun (the buffer re-primes) and shrinks by skipping one frame per tick
 * while more than two frames above the target are queued.
 */
public final class JitterBuffer {
    public enum Admission { ACCEPTED, DUPLICATE, LATE, TOO_LARGE, RESYNC }

    /** {@link #poll} result: the next frame is missing (lost or late); conceal it. */
    public static final int MISSING = -1;
    /** {@link #poll} result: not playing (priming or underrun); play silence. */
    public static final int IDLE = -2;
    /** A sequence jump this large is a new stream (RFC 3550 A.1 MAX_DROPOUT), not loss. */
    private static final int MAX_JUMP = 3000;

    private final int mask;
    private final byte[][] payloads;
    private final int[] lengths;
    private final int[] seqs;
    private final int[] types;
    private final long[] timestamps;
    private final boolean[] filled;
    private final int samplesPerFrame;
    private final int minDepth;
    private final int maxDepth;

    private int target;
    private int count;
    private boolean playing;
    private boolean started;
    private int nextSeq;
    private int primingTicks;
    private boolean played;
    private int lastPlayed;
    private int polledType;
    private long polledTimestamp;

    public long accepted;
    public long duplicates;
    public long late;
    public long missing;
    public long underruns;
    public long skipped;
    public long resyncs;

    /**
     * @param capacity slots, a power of two (16 holds 320 ms of 20 ms frames)
     * @param maxPayload bytes per slot (a 20 ms G.711 frame is 160)
     */
    public JitterBuffer(int capacity, int maxPayload, int samplesPerFrame, int minDepth, int maxDepth) {
        if (Integer.bitCount(capacity) != 1 || maxDepth >= capacity || minDepth < 1 || minDepth > maxDepth) {
            throw new IllegalArgumentException("need capacity a power of two above maxDepth, 1 <= minDepth <= maxDepth; got "
                    + capacity + "/" + minDepth + "/" + maxDepth);
        }
        this.mask = capacity - 1;
        this.payloads = new byte[capacity][maxPayload];
        this.lengths = new int[capacity];
        this.seqs = new int[capacity];
        this.types = new int[capacity];
        this.timestamps = new long[capacity];
        this.filled = new boolean[capacity];
        this.samplesPerFrame = samplesPerFrame;
        this.minDepth = minDepth;
        this.maxDepth = maxDepth;
        this.target = minDepth;
    }

    /** Stores a received packet's payload ({@code len} bytes at {@code off} of {@code buf}); copies, never keeps the buffer. */
    public Admission offer(int seq, long timestamp, int payloadType, ByteBuf buf, int off, int len) {
        if (len > payloads[0].length) {
            return Admission.TOO_LARGE;
        }
        Admission result = Admission.ACCEPTED;
        if (!started) {
            started = true;
            nextSeq = seq;
        } else {
            int diff = (short) (seq - nextSeq);
            int jump = (seq - nextSeq) & 0xffff;
            if (diff < 0 && !playing && count > 0 && ((newest() - seq) & 0xffff) <= mask
                    && (!played || (short) (seq - lastPlayed) > 0)) {
                // Still priming: an earlier packet arrived after a later one; play from it.
                nextSeq = seq;
            } else if (diff < 0 && jump > 65536 - MAX_JUMP) {
                late++;
                return Admission.LATE;
            } else if (jump > mask) {
                if (jump < MAX_JUMP && playing) {
                    // Too far ahead to hold: jump forward, what lies between is lost.
                    skipTo((seq - mask) & 0xffff);
                } else {
                    clear();
                    nextSeq = seq;
                    resyncs++;
                    result = Admission.RESYNC;
                }
            }
        }
        int slot = seq & mask;
        if (filled[slot]) {
            if (seqs[slot] == seq) {
                duplicates++;
                return Admission.DUPLICATE;
            }
            count--;
        }
        buf.getBytes(off, payloads[slot], 0, len);
        lengths[slot] = len;
        seqs[slot] = seq;
        types[slot] = payloadType;
        timestamps[slot] = timestamp;
        filled[slot] = true;
        count++;
        accepted++;
        return result;
    }

    /**
     * Called once per ptime: copies the next frame into {@code out} and returns its length, or
     * {@link #MISSING} (a gap: the caller conceals) or {@link #IDLE} (nothing to play yet).
     */
    public int poll(byte[] out) {
        if (!playing) {
            if (count == 0 || ++primingTicks < target) {
                return IDLE;
            }
            playing = true;
        }
        if (count == 0) {
            playing = false;
            primingTicks = 0;
            underruns++;
            target = Math.min(maxDepth, target + 1);
            return IDLE;
        }
        if (count > target + 2) {
            // Too much delay has built up (a burst after a stall): drop the oldest frame.
            drop(nextSeq & mask);
            nextSeq = (nextSeq + 1) & 0xffff;
            skipped++;
        }
        int seq = nextSeq;
        int slot = seq & mask;
        nextSeq = (seq + 1) & 0xffff;
        played = true;
        lastPlayed = seq;
        if (!filled[slot] || seqs[slot] != seq) {
            missing++;
            return MISSING;
        }
        int len = lengths[slot];
        System.arraycopy(payloads[slot], 0, out, 0, len);
        polledType = types[slot];
        polledTimestamp = timestamps[slot];
        drop(slot);
        return len;
    }

    /** Sets the target depth from the interarrival jitter in timestamp units (RFC 3550 A.8). */
    public void retarget(long jitterUnits) {
        int wanted = 1 + (int) ((3 * jitterUnits + samplesPerFrame - 1) / samplesPerFrame);
        int t = Math.max(minDepth, Math.min(maxDepth, wanted));
        if (t > target || !playing) {
            target = t;
        } else if (t < target) {
            target--;
        }
    }

    public int target() {
        return target;
    }

    public int buffered() {
        return count;
    }

    /** Payload type of the frame last returned by {@link #poll}. */
    public int polledPayloadType() {
        return polledType;
    }

    public long polledTimestamp() {
        return polledTimestamp;
    }

    public void clear() {
        java.util.Arrays.fill(filled, false);
        count = 0;
        playing = false;
        primingTicks = 0;
    }

    private int newest() {
        int newest = nextSeq;
        for (int i = 0; i <= mask; i++) {
            if (filled[i] && (short) (seqs[i] - newest) > 0) {
                newest = seqs[i];
            }
        }
        return newest;
    }

    private void skipTo(int seq) {
        while (nextSeq != seq) {
            int slot = nextSeq & mask;
            if (filled[slot] && seqs[slot] == nextSeq) {
                drop(slot);
                skipped++;
            }
            nextSeq = (nextSeq + 1) & 0xffff;
        }
    }

    private void drop(int slot) {
        if (filled[slot]) {
            filled[slot] = false;
            count--;
        }
    }
}
