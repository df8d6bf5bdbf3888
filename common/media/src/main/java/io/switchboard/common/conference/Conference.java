package io.switchboard.common.conference;

import io.netty.buffer.ByteBuf;
import io.switchboard.common.codec.Codec;
import io.switchboard.common.rtp.AudioSink;

/**
 * One room's mixer at 8 kHz, and at 16 kHz too while any participant speaks a wideband codec (its
 * wideband listeners hear the 16 kHz mix, narrowband ones the 8 kHz one; a narrowband voice is
 * upsampled, a wideband one decimated), 20 ms frames, confined to the event loop its participants' endpoints
 * share. The loop's clock first hands every endpoint's received frame to its {@link Seat}, then asks
 * each for the frame to send: the first ask of a tick mixes. Only the loudest {@code talkers}
 * voice-active, unmuted seats are mixed (a current talker is favoured by 3 dB, so two voices of
 * equal level do not swap every frame); a talker hears the mix without itself; every other seat
 * hears the same mix, encoded once per codec instance and copied to each of them (a stateless
 * codec such as G.711 is one shared instance, so 1,000 G.711 listeners cost one encode; a stateful
 * one, Opus, is per stream and encodes per listener). Nothing here allocates per frame.
 *
 * <p>A room spanning nodes (cascade): each peer node's loudest talkers arrive as remote seats
 * ({@link #addRemote}), candidates like any participant but never asked what they hear; towards each
 * peer go {@code talkers} trunk streams ({@link #export}), the loudest voices here and from the other
 * peers, never the peer's own. So every node selects over the same voices and no voice returns to
 * where it came from.
 */
public final class Conference {
    /** 20 ms at 8 kHz. */
    public static final int FRAME = 160;
    /** 20 ms at 16 kHz. */
    public static final int WIDE = 320;
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
    private final int[] sum16 = new int[WIDE];
    private final short[] mix16 = new short[WIDE];
    private final short[] minus16 = new short[WIDE];
    /** Some seat sent a wideband frame this tick: the talkers are mixed at 16 kHz too. */
    private boolean wideMix;
    private final byte[] encoded = new byte[MAX_PAYLOAD];
    private final SharedFrame[] shared = new SharedFrame[8];
    private int sharedCount;
    private boolean dirty;
    private long generation;
    private AudioSink tap;
    private final java.util.List<Export> exports = new java.util.ArrayList<>();

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
        return add(id, null);
    }

    /** A talker of peer node {@code peer} arriving on a trunk: a candidate for the mix, never a listener. On the loop. */
    public Seat addRemote(String id, String peer) {
        return add(id, java.util.Objects.requireNonNull(peer, "peer"));
    }

    /**
     * What trunk {@code slot} towards {@code peer} sends: the slot-th loudest voice here or from
     * another peer (never one of {@code peer}'s), silence when there are fewer. On the loop.
     */
    public io.switchboard.common.rtp.FrameSource export(String peer, int slot) {
        if (slot < 0 || slot >= maxTalkers) {
            throw new IllegalArgumentException("slot " + slot + " of " + maxTalkers);
        }
        Export e = null;
        for (Export x : exports) {
            if (x.peer.equals(peer)) {
                e = x;
            }
        }
        if (e == null) {
            e = new Export(peer, maxTalkers);
            exports.add(e);
        }
        Export link = e;
        return (codec, samples, out) -> exportFrame(link, slot, codec, samples, out);
    }

    /** Forgets the trunks towards {@code peer} (it left the room or died). On the loop. */
    public void dropPeer(String peer) {
        exports.removeIf(x -> x.peer.equals(peer));
        for (int i = size - 1; i >= 0; i--) {
            if (peer.equals(seats[i].peer)) {
                remove(seats[i]);
            }
        }
    }

    private Seat add(String id, String peer) {
        Seat s = new Seat(this, id, peer);
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
        if (seat.removed || talkerCount == 0) {
            return false; // silence: nobody talks
        }
        boolean narrow = samples == FRAME && codec.clockRate() == 8000;
        boolean wide = samples == WIDE && codec.clockRate() == 16000 && wideMix;
        if (!narrow && !wide) {
            return false; // a frame size this mixer does not make
        }
        if (seat.selected) {
            if (talkerCount == 1) {
                return false; // the only talker hears nobody
            }
            int len;
            if (narrow) {
                short[] own = seat.in;
                for (int i = 0; i < FRAME; i++) {
                    minus[i] = clamp(sum[i] - own[i]);
                }
                len = codec.encode(minus, 0, FRAME, encoded, 0);
            } else {
                short[] own = seat.wide(generation);
                for (int i = 0; i < WIDE; i++) {
                    minus16[i] = clamp(sum16[i] - own[i]);
                }
                len = codec.encode(minus16, 0, WIDE, encoded, 0);
            }
            encodes++;
            out.writeBytes(encoded, 0, len);
            return true;
        }
        SharedFrame f = sharedFor(codec);
        if (f.generation != generation) {
            f.length = narrow ? codec.encode(mix, 0, FRAME, f.payload, 0) : codec.encode(mix16, 0, WIDE, f.payload, 0);
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

    private boolean exportFrame(Export e, int slot, Codec codec, int samples, ByteBuf out) {
        if (dirty) {
            mixTick();
        }
        if (e.generation != generation) {
            e.pick(seats, size, generation);
        }
        Seat s = e.picks[slot];
        if (s == null || samples != FRAME || codec.clockRate() != 8000) {
            return false;
        }
        int len = codec.encode(s.in, 0, FRAME, encoded, 0);
        encodes++;
        out.writeBytes(encoded, 0, len);
        return true;
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
        wideMix = false;
        for (int i = 0; i < size && !wideMix; i++) {
            wideMix = seats[i].wideband;
        }
        if (wideMix) {
            java.util.Arrays.fill(sum16, 0);
            for (int t = 0; t < talkerCount; t++) {
                short[] w = talkers[t].wide(generation);
                for (int i = 0; i < WIDE; i++) {
                    sum16[i] += w[i];
                }
            }
            for (int i = 0; i < WIDE; i++) {
                mix16[i] = clamp(sum16[i]);
            }
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
                long score = score(s);
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

    /** A seat's rank: its smoothed level, a current talker favoured by 3 dB (x1.41). */
    static long score(Seat s) {
        return s.talking ? (long) s.level * 141 / 100 : s.level;
    }

    private static short clamp(int v) {
        return (short) (v > Short.MAX_VALUE ? Short.MAX_VALUE : v < Short.MIN_VALUE ? Short.MIN_VALUE : v);
    }

    /** The trunk streams towards one peer: this tick's loudest voices not of that peer. */
    private static final class Export {
        final String peer;
        final Seat[] picks;
        long generation = -1;

        Export(String peer, int n) {
            this.peer = peer;
            this.picks = new Seat[n];
        }

        void pick(Seat[] seats, int size, long gen) {
            generation = gen;
            java.util.Arrays.fill(picks, null);
            for (int k = 0; k < picks.length; k++) {
                Seat best = null;
                long bestScore = -1;
                for (int i = 0; i < size; i++) {
                    Seat s = seats[i];
                    if (!s.voiceActive() || peer.equals(s.peer) || taken(s, k)) {
                        continue;
                    }
                    long score = score(s);
                    if (score > bestScore) {
                        bestScore = score;
                        best = s;
                    }
                }
                if (best == null) {
                    return;
                }
                picks[k] = best;
            }
        }

        private boolean taken(Seat s, int upTo) {
            for (int k = 0; k < upTo; k++) {
                if (picks[k] == s) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class SharedFrame {
        Codec codec;
        long generation = -1;
        final byte[] payload = new byte[MAX_PAYLOAD];
        int length;
    }
}
