package io.switchboard.loadtest.bench;

import io.switchboard.common.codec.Pcmu;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The conference participants' mouths and ears: one UDP socket per participant on 127.0.0.1 (its
 * port goes into the participant's SDP), one thread that every 20 ms (absolute deadlines) reads what
 * every socket received and sends each participant's frame to where its audio comes from (the relay
 * port, symmetric RTP): a PCMU sine of the participant's own frequency and level while it speaks,
 * silence otherwise, or RFC 4733 events when it presses keys. What each hears is decoded and kept
 * (the last second), so a test asks which frequencies a participant hears, by Goertzel.
 */
public final class MeetingVoices implements AutoCloseable, Runnable {
    static final int FRAME = 160;
    static final int TELEPHONE_EVENT = 101;
    private static final int KEEP = 8000;

    /** One participant. */
    public static final class Voice {
        final int index;
        final DatagramChannel channel;
        public final int port;
        final int hz;
        volatile int amplitude;
        volatile boolean speaking = true;
        volatile SocketAddress peer;
        final ConcurrentLinkedQueue<Character> keys = new ConcurrentLinkedQueue<>();
        private final short[] heard = new short[KEEP];
        private int heardAt;
        private final short[] decoded = new short[FRAME * 4];
        volatile long packetsIn;
        private long sample;
        private int seq;
        private long timestamp;
        private final int ssrc;
        // the key being sent: its event code and how many frames it has lasted
        private int keyEvent = -1;
        private int keyFrames;
        private long keyTimestamp;

        Voice(int index, int hz, int amplitude) throws IOException {
            this.index = index;
            this.hz = hz;
            this.amplitude = amplitude;
            this.channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            channel.configureBlocking(false);
            this.port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            this.ssrc = 0x4d45_0000 + index;
        }

        public int hz() {
            return hz;
        }

        /** Speaks (its tone) or is silent from the next frame on. */
        public void speak(boolean on) {
            speaking = on;
        }

        /** Presses the keys one after another (RFC 4733: 100 ms each, 60 ms apart). */
        public void press(String digits) {
            for (char c : digits.toCharArray()) {
                keys.add(c);
            }
        }

        /** Whether any audio came in yet (the room's answer reached this socket). */
        public boolean connected() {
            return peer != null;
        }

        public long packetsIn() {
            return packetsIn;
        }

        /** The last second heard, oldest first (a copy). */
        public synchronized short[] heard() {
            short[] out = new short[KEEP];
            System.arraycopy(heard, heardAt, out, 0, KEEP - heardAt);
            System.arraycopy(heard, 0, out, KEEP - heardAt, heardAt);
            return out;
        }

        /** Whether the last half second holds {@code hz} as a real part of what was heard (> 10 % of its energy). */
        public boolean hears(int frequency) {
            short[] all = heard();
            short[] last = java.util.Arrays.copyOfRange(all, KEEP / 2, KEEP);
            double total = energy(last);
            return total > 1e6 && goertzel(last, frequency) > 0.1 * total;
        }

        /** Mean absolute amplitude of the last half second heard. */
        public double level() {
            short[] all = heard();
            double sum = 0;
            for (int i = KEEP / 2; i < KEEP; i++) {
                sum += Math.abs(all[i]);
            }
            return sum / (KEEP / 2);
        }

        private synchronized void keep(short[] pcm, int n) {
            for (int i = 0; i < n; i++) {
                heard[heardAt] = pcm[i];
                heardAt = (heardAt + 1) % KEEP;
            }
        }

        private final short[] gap = new short[FRAME];

        /**
         * Reads what came since the last round; a round with nothing (the room suppresses silence while
         * nobody talks) is heard as 20 ms of silence, as a phone's jitter buffer plays a gap.
         */
        void receive(ByteBuffer buf) throws IOException {
            long before = packetsIn;
            receiveAll(buf);
            if (packetsIn == before && peer != null) {
                keep(gap, FRAME);
            }
        }

        private void receiveAll(ByteBuffer buf) throws IOException {
            buf.clear();
            SocketAddress from;
            while ((from = channel.receive(buf)) != null) {
                buf.flip();
                if (buf.remaining() > 12 && (buf.get(0) & 0xc0) == 0x80) {
                    int pt = buf.get(1) & 0x7f;
                    if (pt == 0) {
                        peer = from;
                        packetsIn++;
                        byte[] payload = new byte[buf.remaining() - 12];
                        buf.position(12);
                        buf.get(payload);
                        int n = Pcmu.INSTANCE.decode(payload, 0, payload.length, decoded, 0);
                        keep(decoded, n);
                    }
                }
                buf.clear();
            }
        }

        void send(ByteBuffer out) throws IOException {
            SocketAddress to = peer;
            if (to == null) {
                return;
            }
            out.clear();
            if (keyEvent < 0) {
                Character next = keys.poll();
                if (next != null) {
                    keyEvent = event(next);
                    keyFrames = 0;
                    keyTimestamp = timestamp;
                }
            }
            if (keyEvent >= 0) {
                // RFC 4733 §2.3: one event, the same timestamp, duration growing; the end packet 3 times; then a gap.
                keyFrames++;
                boolean end = keyFrames > 5;
                if (keyFrames <= 8) {
                    header(out, TELEPHONE_EVENT, keyFrames == 1, keyTimestamp);
                    out.put((byte) keyEvent);
                    out.put((byte) ((end ? 0x80 : 0) | 10));
                    out.putShort((short) (Math.min(keyFrames, 5) * FRAME));
                } else {
                    header(out, 0, false, timestamp);
                    out.put(silence());
                }
                if (keyFrames >= 11) {
                    keyEvent = -1;
                }
            } else {
                header(out, 0, false, timestamp);
                byte[] payload = new byte[FRAME];
                short[] pcm = new short[FRAME];
                int amp = speaking ? amplitude : 0;
                for (int i = 0; i < FRAME; i++) {
                    pcm[i] = (short) (amp * Math.sin(2 * Math.PI * hz * (sample + i) / 8000.0));
                }
                Pcmu.INSTANCE.encode(pcm, 0, FRAME, payload, 0);
                out.put(payload);
            }
            sample += FRAME;
            timestamp += FRAME;
            out.flip();
            channel.send(out, to);
        }

        private void header(ByteBuffer out, int pt, boolean marker, long ts) {
            out.put((byte) 0x80);
            out.put((byte) ((marker ? 0x80 : 0) | pt));
            out.putShort((short) seq++);
            out.putInt((int) ts);
            out.putInt(ssrc);
        }

        private static byte[] silence() {
            byte[] b = new byte[FRAME];
            java.util.Arrays.fill(b, (byte) 0xff);
            return b;
        }

        private static int event(char c) {
            return switch (c) {
                case '*' -> 10;
                case '#' -> 11;
                default -> c - '0';
            };
        }
    }

    private final List<Voice> voices = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** Participants with the given tones (Hz) at the given mean levels (peak amplitude of the sine). */
    public MeetingVoices(int[] hz, int[] amplitude) throws IOException {
        for (int i = 0; i < hz.length; i++) {
            voices.add(new Voice(i, hz[i], amplitude[i]));
        }
        thread = new Thread(this, "meeting-voices");
        thread.setDaemon(true);
        thread.start();
    }

    public List<Voice> voices() {
        return voices;
    }

    public Voice voice(int i) {
        return voices.get(i);
    }

    @Override
    public void run() {
        ByteBuffer in = ByteBuffer.allocate(2048);
        ByteBuffer out = ByteBuffer.allocate(2048);
        long next = System.nanoTime();
        while (running) {
            next += 20_000_000L;
            for (Voice v : voices) {
                try {
                    v.receive(in);
                    v.send(out);
                } catch (IOException e) {
                    // an ICMP error on a socket whose call ended: nothing to do
                }
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    public static double energy(short[] pcm) {
        double e = 0;
        for (short v : pcm) {
            e += (double) v * v;
        }
        return e;
    }

    /** Power at {@code hz} on the same scale as {@link #energy} (a pure tone's is its energy). */
    public static double goertzel(short[] pcm, int hz) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / 8000.0);
        double s1 = 0;
        double s2 = 0;
        for (short v : pcm) {
            double s0 = v + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return (s1 * s1 + s2 * s2 - coeff * s1 * s2) * 2 / pcm.length;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Voice v : voices) {
            try {
                v.channel.close();
            } catch (IOException e) {
                // closing
            }
        }
    }
}
