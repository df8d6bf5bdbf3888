package io.switchboard.common.conference;

import io.netty.buffer.ByteBuf;
import io.switchboard.common.codec.Codec;
import io.switchboard.common.rtp.AudioSink;

/**
 * One room's mixer at 8 kHz, 20 ms frames, confined to the event loop its participants' endpoints
 * share. The loop's clock first hands every endpoint's received frame to its {@link Seat}, then asks
 * each for the frame to send: the first ask of a tick mixes. Only the loudest {@code talkers}
 * voice-active, unmuted seats are mixed (a current talker is favoured by 3 dB, so two voices of
 * equal level do not swap every frame); a talker hears the mix without itself; every other seat
 * hears the same mix, encoded once per codec instance and copied to each of them (a stateless
 * codec such as G.711 is one shared instance, so 1,000 G.711 listeners cost one encode; a stateful
 * one, Opus, is per stream and encodes per listener). Nothing here allocates per frame.
 */
public final class Conference {
    public static final int FRAME = 160;
    private static final int MAX_PAYLOAD = 1500;

    private final int maxTalkers;
    private Seat[] seats = new Seat[16];
    private int size;
    private final Seat[] talkers;
    private final Seat[] was;
    private int talkerCount;
    private final int[] sum = new int[FRAME];
    private final short[] mix = new short[FRAME];
    private final short[] minus = new short[FRAME];
    private final byte[] encoded = new byte[MAX_PAYLOAD];
    private final SharedFrame[] shared = new SharedFrame[8];
    private int sharedCount;
    private boolean dirty;
    private long generation;
    private AudioSink tap;

    /** Mixes made (ticks with at least one participant). */
    public long mixes;
    /** Frames encoded: one per codec per tick for the listeners, one per talker. */
    public long encodes;

    public Conference(int maxTalkers) {
        if (maxTalkers < 1) {
            throw new IllegalArgumentException("maxTalkers must be at least 1, got " + maxTalkers);
        }
        this.maxTalkers = maxTalkers;
        this.talkers = new Seat[maxTalkers];
        this.was = new Seat[maxTalkers];
    }

    /** A new seat, mixed from the next tick. On the loop. */
    public Seat add(String id) {
        Seat s = new Seat(this, id);
        if (size == seats.length) {
            seats = java.util.Arrays.copyOf(seats, size * 2);
        }
        seats[size++] = s;
        return s;
    }

    /** Takes the seat out of every mix from now on. On the loop. */
    public void remove(Seat seat) {
        for (int i = 0; i < size; i++) {
            if (seats[i] == seat) {
                System.arraycopy(seats, i + 1, seats, i, size - i - 1);
                seats[--size] = null;
                break;
            }
        }
        seat.removed = true;
        seat.talking = false;
        for (int i = 0; i < talkerCount; i++) {
            if (talkers[i] == seat) {
                System.arraycopy(talkers, i + 1, talkers, i, talkerCount - i - 1);
                talkers[--talkerCount] = null;
                break;
            }
        }
    }

    public int size() {
        return size;
    }

    /** Gets the full mix (every talker) once per tick, on the loop: a recorder. Null to stop. */
    public void tap(AudioSink sink) {
        this.tap = sink;
    }

    void received() {
        dirty = true;
    }

    boolean frameFor(Seat seat, Codec codec, int samples, ByteBuf out) {
        if (dirty) {
            mixTick();
        }
        if (seat.removed || samples != FRAME || talkerCount == 0 || codec.clockRate() != 8000) {
            return false; // silence: nobody talks (or a frame size this mixer does not make)
        }
        if (seat.selected) {
            if (talkerCount == 1) {
                return false; // the only talker hears nobody
            }
            short[] own = seat.in;
            for (int i = 0; i < FRAME; i++) {
                minus[i] = clamp(sum[i] - own[i]);
            }
            int len = codec.encode(minus, 0, FRAME, encoded, 0);
            encodes++;
            out.writeBytes(encoded, 0, len);
            return true;
        }
        SharedFrame f = sharedFor(codec);
        if (f.generation != generation) {
            f.length = codec.encode(mix, 0, FRAME, f.payload, 0);
            f.generation = generation;
            encodes++;
        }
        out.writeBytes(f.payload, 0, f.length);
        return true;
    }

    private SharedFrame sharedFor(Codec codec) {
        for (int i = 0; i < sharedCount; i++) {
            if (shared[i].codec == codec) {
                return shared[i];
            }
        }
        // A codec instance not seen yet (a new stateful stream, or the first of a kind): its own slot,
        // recycling the oldest when a room has more stateful listeners than slots.
        SharedFrame f;
        if (sharedCount < shared.length) {
            f = new SharedFrame();
            shared[sharedCount++] = f;
        } else {
            f = shared[(int) (generation % shared.length)];
        }
        f.codec = codec;
        f.generation = -1;
        return f;
    }

    private void mixTick() {
        dirty = false;
        generation++;
        mixes++;
        selectTalkers();
        java.util.Arrays.fill(sum, 0);
        for (int t = 0; t < talkerCount; t++) {
            short[] in = talkers[t].in;
            for (int i = 0; i < FRAME; i++) {
                sum[i] += in[i];
            }
        }
        for (int i = 0; i < FRAME; i++) {
            mix[i] = clamp(sum[i]);
        }
        AudioSink s = tap;
        if (s != null) {
            s.frame(mix, FRAME);
        }
    }

    /** The loudest voice-active seats, current talkers favoured by 3 dB (x1.41); at most {@code maxTalkers}. */
    private void selectTalkers() {
        for (int t = 0; t < talkerCount; t++) {
            talkers[t].selected = false;
        }
        int previous = talkerCount;
        System.arraycopy(talkers, 0, was, 0, previous); // to clear the flags of those who drop out
        talkerCount = 0;
        for (int k = 0; k < maxTalkers; k++) {
            Seat best = null;
            long bestScore = -1;
            for (int i = 0; i < size; i++) {
                Seat s = seats[i];
                if (s.selected || !s.voiceActive()) {
                    continue;
                }
                long score = s.talking ? (long) s.level * 141 / 100 : s.level;
                if (score > bestScore) {
                    bestScore = score;
                    best = s;
                }
            }
            if (best == null) {
                break;
            }
            best.selected = true;
            talkers[talkerCount++] = best;
        }
        for (int t = 0; t < previous; t++) {
            if (!was[t].selected) {
                was[t].talking = false;
            }
        }
        for (int t = 0; t < talkerCount; t++) {
            if (!talkers[t].talking) {
                talkers[t].talking = true;
            }
        }
    }

    private static short clamp(int v) {
        return (short) (v > Short.MAX_VALUE ? Short.MAX_VALUE : v < Short.MIN_VALUE ? Short.MIN_VALUE : v);
    }

    private static final class SharedFrame {
        Codec codec;
        long generation = -1;
        final byte[] payload = new byte[MAX_PAYLOAD];
        int length;
    }
}
