package io.switchboard.loadtest.bench;

import io.switchboard.common.codec.Pcmu;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The conference participants' phones, built to reach a thousand on a small machine: one UDP socket
 * per participant (connected to its node port once answered, so reads and writes carry no address),
 * and one thread that serves a tenth of them every 2 ms, so each is served every 20 ms and the
 * phones are not all in phase (real phones are not, and a burst of a thousand packets at once would
 * measure the socket queues rather than the mixer). Serving a participant reads what the node sent
 * (counting audio packets) and sends one PCMU frame: a talker its own tone, a listener G.711 silence
 * (or nothing, without {@code listenersSend}). Frames are precomputed, one second of each tone, so
 * sending allocates nothing; only the two probe participants decode what they hear (the last second
 * kept), which is what {@link #hears} asks by Goertzel.
 */
final class MeetingParticipants implements AutoCloseable, Runnable {
    static final int FRAME = 160;
    private static final int SLOTS = 10;
    private static final long SLOT_NANOS = 20_000_000L / SLOTS;
    private static final int KEEP = 8000;
    private static final int FRAMES_PER_SECOND = 50;

    /** One participant's phone. */
    static final class Participant {
        final int index;
        final DatagramChannel channel;
        final int port;
        /** Its tone's number among the talkers, -1 for a listener. */
        final int talker;
        private final short[] heard;
        private int heardAt;
        private volatile long received;
        private int seq;
        private int timestamp;
        private int frame;
        private final int ssrc;

        private Participant(int index, int talker, boolean probe) throws IOException {
            this.index = index;
            this.talker = talker;
            this.heard = probe ? new short[KEEP] : null;
            this.ssrc = 0x4d42_0000 + index;
            this.channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            channel.configureBlocking(false);
            this.port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        }

        long received() {
            return received;
        }

        private synchronized void keep(short[] pcm, int n) {
            for (int i = 0; i < n; i++) {
                heard[heardAt] = pcm[i];
                heardAt = (heardAt + 1) % KEEP;
            }
        }

        /** The last half second heard, oldest first. */
        private synchronized short[] lastHalfSecond() {
            short[] out = new short[KEEP / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = heard[(heardAt + KEEP / 2 + i) % KEEP];
            }
            return out;
        }
    }

    private final byte[][][] tones;
    private final byte[] silence = new byte[FRAME];
    private final boolean listenersSend;
    private final List<Participant> serving = new ArrayList<>();
    private final ConcurrentLinkedQueue<Participant> added = new ConcurrentLinkedQueue<>();
    private final List<Participant> all = new ArrayList<>();
    private final Thread thread = new Thread(this, "meeting-bench-rtp");
    private volatile boolean running = true;
    private volatile long maxLagNanos;
    private final ByteBuffer in = ByteBuffer.allocateDirect(2048);
    private final ByteBuffer out = ByteBuffer.allocateDirect(12 + FRAME);
    private final byte[] payload = new byte[FRAME];
    private final short[] pcm = new short[FRAME];

    /** {@code talkers} distinct tones ({@link #hz}), louder the lower their number so the loudest three are known. */
    MeetingParticipants(int talkers, boolean listenersSend) {
        this.listenersSend = listenersSend;
        Arrays.fill(silence, (byte) 0xff);
        tones = new byte[talkers][FRAMES_PER_SECOND][FRAME];
        short[] second = new short[FRAME * FRAMES_PER_SECOND];
        for (int t = 0; t < talkers; t++) {
            // A whole number of cycles per second (integer Hz at 8 kHz): one second repeats without a click.
            for (int i = 0; i < second.length; i++) {
                second[i] = (short) (amplitude(t) * Math.sin(2 * Math.PI * hz(t) * i / 8000.0));
            }
            for (int f = 0; f < FRAMES_PER_SECOND; f++) {
                Pcmu.INSTANCE.encode(second, f * FRAME, FRAME, tones[t][f], 0);
            }
        }
        thread.setDaemon(true);
        thread.start();
    }

    /** Talker {@code t}'s tone: 500, 800, 1100 Hz... (at most 10 talkers, under 4 kHz). */
    static int hz(int t) {
        return 500 + 300 * t;
    }

    private static int amplitude(int t) {
        return 8000 - 400 * t;
    }

    /** A new participant's socket (its port goes into the offer); served once {@link #start}ed. */
    synchronized Participant open(int index, int talker, boolean probe) throws IOException {
        Participant p = new Participant(index, talker, probe);
        all.add(p);
        return p;
    }

    /** The participant is answered: its socket talks to {@code node} only and the thread starts serving it. */
    void start(Participant p, InetSocketAddress node) throws IOException {
        p.channel.connect(node);
        added.add(p);
    }

    /** Audio packets each participant received so far, in {@link #open} order. */
    synchronized long[] received() {
        return all.stream().mapToLong(Participant::received).toArray();
    }

    /** The serving thread's largest lateness so far, in ms (its phones' own jitter); reset by reading. */
    double takeMaxLagMs() {
        double ms = maxLagNanos / 1e6;
        maxLagNanos = 0;
        return ms;
    }

    /**
     * Whether the probe {@code p} heard {@code hz} in its last half second as a real part of it (over
     * 10 % of the energy), with the half second not silent.
     */
    static boolean hears(Participant p, int hz) {
        short[] last = p.lastHalfSecond();
        double total = MeetingVoices.energy(last);
        return total > 1e6 && MeetingVoices.goertzel(last, hz) > 0.1 * total;
    }

    @Override
    public void run() {
        long next = System.nanoTime();
        int slot = 0;
        while (running) {
            for (Participant p; (p = added.poll()) != null; ) {
                serving.add(p);
            }
            for (int i = slot; i < serving.size(); i += SLOTS) {
                serve(serving.get(i));
            }
            slot = (slot + 1) % SLOTS;
            next += SLOT_NANOS;
            long now = System.nanoTime();
            long late = now - next;
            if (late > maxLagNanos) {
                maxLagNanos = late;
            }
            if (late > 200_000_000L) {
                next = now; // far behind (a stop of this JVM): carry on from now rather than send a burst
            } else if (late < 0) {
                LockSupport.parkNanos(-late);
            }
        }
    }

    private void serve(Participant p) {
        try {
            for (int k = 0; k < 8; k++) {
                in.clear();
                int n = p.channel.read(in);
                if (n <= 0) {
                    break;
                }
                int pt = in.get(1) & 0x7f;
                // Audio only: RTCP (rtcp-mux, 200-204) and events are not the mix.
                if (n > 12 && (in.get(0) & 0xc0) == 0x80 && (pt == 0 || pt == 8)) {
                    p.received = p.received + 1;
                    if (p.heard != null && pt == 0) {
                        int len = Math.min(FRAME, n - 12);
                        in.get(12, payload, 0, len);
                        p.keep(pcm, Pcmu.INSTANCE.decode(payload, 0, len, pcm, 0));
                    }
                }
            }
            if (p.talker < 0 && !listenersSend) {
                return;
            }
            out.clear();
            out.put((byte) 0x80).put((byte) 0).putShort((short) p.seq++).putInt(p.timestamp).putInt(p.ssrc);
            out.put(p.talker < 0 ? silence : tones[p.talker][p.frame]);
            p.frame = (p.frame + 1) % FRAMES_PER_SECOND;
            p.timestamp += FRAME;
            out.flip();
            p.channel.write(out);
        } catch (IOException e) {
            // The node's port is gone (its call ended, ICMP unreachable): nothing to do for this phone.
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            for (Participant p : all) {
                try {
                    p.channel.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }
}
