package io.switchboard.loadtest.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The callers' ears in the queue benchmark: one UDP socket per caller on 127.0.0.1 (its port goes
 * into the caller's SDP, so the media node's relay sends it the music on hold, then the agent), all
 * read by one selector thread. Per caller it keeps the arrival of consecutive music packets and,
 * inside the measuring window, counts the intervals, their |interval - 20 ms| in 0.1 ms bins and
 * those above the bound; across all callers it keeps HdrHistograms of intervals and deviations. A
 * packet whose payload starts with {@link #AGENT_MARKER} is the agent's ({@code agent.ulaw} of the
 * agent scenario): the wall-clock time of the first one per caller is kept, so the benchmark can
 * set it against the agent's 200 OK logged by SIPp (the same clock, {@code gettimeofday}).
 * RTCP (payload types 200-204 in the second byte) is skipped. With {@code echo} every packet
 * received is answered with a 160-byte PCMU frame of silence from the caller's own SSRC to the
 * packet's source (the relay port, symmetric RTP), so the queue node receives a caller's 50 pps too;
 * those frames go out after each round of reads. One thread reads every socket: the queue node sends
 * all callers' frames in one tick, so they arrive as a burst and a caller's arrival time includes
 * the reads of the packets ahead of it in that burst (a few microseconds each).
 *
 * <p>Arrival is measured in this JVM: its own scheduling and GC delays count as jitter too, so the
 * figures are an upper bound on the path's jitter. For scale, a control stream runs beside the
 * callers: a thread of this JVM sends a packet every 20 ms (absolute deadlines, {@code parkNanos})
 * to one more socket read by the same selector, so what the machine's scheduling alone does to a
 * 20 ms timer is measured the same way ({@link #control()}).
 */
final class QueueCallerRtp implements AutoCloseable, Runnable {
    static final long PTIME_MICROS = 20_000;
    /** First bytes of every frame of the agent's stream: "SWBAGENT", repeated. */
    static final byte[] AGENT_MARKER = "SWBAGENT".getBytes(StandardCharsets.US_ASCII);
    /** Bins of 0.1 ms for a caller's |interval - 20 ms| up to 100 ms; the last holds everything above. */
    private static final int BINS = 1001;

    /** One caller's socket and what was heard on it. */
    static final class Ear {
        final int index;
        final DatagramChannel channel;
        final int port;
        final int ssrc;
        volatile long lastMusicNanos;
        /** Wall clock (epoch us) of the first music packet and of the first agent packet; 0 = none yet. */
        volatile long firstMusicMicros;
        volatile long firstAgentMicros;
        volatile long agentPackets;
        // Window figures, written by the receiver thread only.
        long windowPackets;
        long windowIntervals;
        long windowOverBound;
        final int[] bins = new int[BINS];
        private int seq;
        private long timestamp;

        Ear(int index) throws IOException {
            this.index = index;
            this.channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            channel.configureBlocking(false);
            this.port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            this.ssrc = 0x5100_0000 + index;
        }

        /**
         * The caller's p99 of |interval - 20 ms| in the window, in ms (bin upper edges; infinity above
         * 100 ms), or NaN with no interval.
         */
        double p99Ms() {
            if (windowIntervals == 0) {
                return Double.NaN;
            }
            long need = (long) Math.ceil(windowIntervals * 0.99);
            long seen = 0;
            for (int b = 0; b < BINS; b++) {
                seen += bins[b];
                if (seen >= need) {
                    return b == BINS - 1 ? Double.POSITIVE_INFINITY : (b + 1) / 10.0;
                }
            }
            return Double.POSITIVE_INFINITY;
        }
    }

    /** What one measuring window saw across every caller. */
    record Window(Histogram intervals, Histogram deviation, long packets, long rtcp, long micros) {
    }

    private final List<Ear> ears = new ArrayList<>();
    private final Ear control;
    private final DatagramChannel pacerChannel;
    private final Thread pacer = new Thread(this::pace, "queue-bench-pacer");
    private final Selector selector = Selector.open();
    private final ByteBuffer in = ByteBuffer.allocateDirect(2048);
    private final ByteBuffer out = ByteBuffer.allocateDirect(172);
    private final boolean echo;
    private final long boundMicros;
    private final Thread thread = new Thread(this, "queue-bench-rtp");
    /** Wall clock from the monotonic one: epoch us = base + (nanoTime - baseNanos) / 1000. */
    private final long baseEpochMicros;
    private final long baseNanos;
    private volatile boolean running = true;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MIN_VALUE;
    private volatile Histogram intervals = new Histogram(10_000_000, 3);
    private volatile Histogram deviation = new Histogram(10_000_000, 3);
    private long packets;
    private long rtcp;
    /** Echo frames owed, sent after each round of reads (receiver thread only). */
    private Ear[] echoEars = new Ear[256];
    private SocketAddress[] echoTo = new SocketAddress[256];
    private int pendingEchoes;

    /** Opens {@code callers} sockets; {@code boundMs} is the per-caller pacing bound counted in the window. */
    QueueCallerRtp(int callers, boolean echo, double boundMs) throws IOException {
        this.echo = echo;
        this.boundMicros = Math.round(boundMs * 1000);
        Instant now = Instant.now();
        this.baseNanos = System.nanoTime();
        this.baseEpochMicros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
        try {
            for (int i = 0; i < callers; i++) {
                Ear e = new Ear(i);
                ears.add(e);
                e.channel.register(selector, SelectionKey.OP_READ, e);
            }
            control = new Ear(-1);
            control.channel.register(selector, SelectionKey.OP_READ, control);
            pacerChannel = DatagramChannel.open();
            pacerChannel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        thread.setDaemon(true);
        thread.start();
        pacer.setDaemon(true);
        pacer.start();
    }

    /** The control stream: a 20 ms pacer in this JVM, received like a caller's music. */
    Ear control() {
        return control;
    }

    /** The control stream's sender: one 172-byte packet every 20 ms on an absolute grid, until closed. */
    private void pace() {
        ByteBuffer packet = ByteBuffer.allocateDirect(172);
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), control.port);
        long next = System.nanoTime();
        int seq = 0;
        while (running) {
            next += PTIME_MICROS * 1000;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            packet.clear();
            packet.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt(seq * 160).putInt(0x5200_0000);
            seq++;
            for (int i = 0; i < 160; i++) {
                packet.put((byte) 0xff);
            }
            packet.flip();
            try {
                pacerChannel.send(packet, to);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    List<Ear> ears() {
        return ears;
    }

    /** Callers whose music has started. */
    int hearingMusic() {
        int n = 0;
        for (Ear e : ears) {
            if (e.firstMusicMicros != 0) {
                n++;
            }
        }
        return n;
    }

    /** Callers who have heard their agent. */
    int hearingAgent() {
        int n = 0;
        for (Ear e : ears) {
            if (e.firstAgentMicros != 0) {
                n++;
            }
        }
        return n;
    }

    /** Callers who heard music after {@code sinceNanos} and never their agent: still waiting in the queue. */
    int stillWaiting(long sinceNanos) {
        int n = 0;
        for (Ear e : ears) {
            if (e.firstAgentMicros == 0 && e.lastMusicNanos > sinceNanos) {
                n++;
            }
        }
        return n;
    }

    /** Starts a measuring window from {@code start} to {@code end} (nanoTime). */
    void open(long start, long end) {
        intervals = new Histogram(10_000_000, 3);
        deviation = new Histogram(10_000_000, 3);
        windowEnd = end;
        windowStart = start;
    }

    /** Called after the window's end plus a margin: the thread no longer records into it. */
    Window closeWindow() {
        long micros = (windowEnd - windowStart) / 1000;
        Window w = new Window(intervals, deviation, packets, rtcp, micros);
        windowStart = Long.MAX_VALUE;
        return w;
    }

    @Override
    public void run() {
        while (running) {
            try {
                selector.select(5);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (key.isValid()) {
                        drain((Ear) key.attachment());
                    }
                }
                // The callers' audio goes out after every ready packet has been read and timed, so the
                // sends do not delay the arrival times of the packets behind them in the burst.
                for (int i = 0; i < pendingEchoes; i++) {
                    send(echoEars[i], echoTo[i]);
                    echoTo[i] = null;
                }
                pendingEchoes = 0;
            } catch (IOException | java.nio.channels.CancelledKeyException e) {
                // A socket closed under the select: the next round skips it.
            }
        }
    }

    private void drain(Ear e) throws IOException {
        for (int i = 0; i < 16; i++) {
            in.clear();
            SocketAddress from = e.channel.receive(in);
            if (from == null) {
                return;
            }
            long now = System.nanoTime();
            if (in.position() < 12) {
                continue;
            }
            int second = in.get(1) & 0xff;
            boolean inWindow = now >= windowStart && now < windowEnd;
            if (second >= 200 && second <= 204) {
                if (inWindow) {
                    rtcp++;
                }
                continue;
            }
            int headerLength = 12 + 4 * (in.get(0) & 0x0f);
            if (isAgent(headerLength)) {
                if (e.firstAgentMicros == 0) {
                    e.firstAgentMicros = baseEpochMicros + (now - baseNanos) / 1000;
                }
                e.agentPackets++;
            } else {
                if (e.firstMusicMicros == 0) {
                    e.firstMusicMicros = baseEpochMicros + (now - baseNanos) / 1000;
                }
                long last = e.lastMusicNanos;
                e.lastMusicNanos = now;
                if (inWindow) {
                    boolean caller = e != control;
                    if (caller) {
                        packets++;
                    }
                    e.windowPackets++;
                    if (last >= windowStart) {
                        long micros = (now - last) / 1000;
                        long dev = Math.abs(micros - PTIME_MICROS);
                        if (caller) {
                            intervals.recordValue(Math.min(micros, 10_000_000));
                            deviation.recordValue(Math.min(dev, 10_000_000));
                        }
                        e.windowIntervals++;
                        e.bins[(int) Math.min(BINS - 1, dev / 100)]++;
                        if (dev > boundMicros) {
                            e.windowOverBound++;
                        }
                    }
                }
            }
            if (echo && e != control) {
                if (pendingEchoes == echoEars.length) {
                    echoEars = java.util.Arrays.copyOf(echoEars, pendingEchoes * 2);
                    echoTo = java.util.Arrays.copyOf(echoTo, pendingEchoes * 2);
                }
                echoEars[pendingEchoes] = e;
                echoTo[pendingEchoes++] = from;
            }
        }
    }

    private boolean isAgent(int headerLength) {
        if (in.position() < headerLength + AGENT_MARKER.length) {
            return false;
        }
        for (int i = 0; i < AGENT_MARKER.length; i++) {
            if (in.get(headerLength + i) != AGENT_MARKER[i]) {
                return false;
            }
        }
        return true;
    }

    /** One 160-byte PCMU frame of silence from the caller, to the relay port that sent us the packet. */
    private void send(Ear e, SocketAddress to) {
        out.clear();
        out.put((byte) 0x80);
        out.put((byte) 0);
        out.putShort((short) e.seq++);
        out.putInt((int) e.timestamp);
        out.putInt(e.ssrc);
        for (int i = 0; i < 160; i++) {
            out.put((byte) 0xff);
        }
        e.timestamp += 160;
        out.flip();
        try {
            e.channel.send(out, to);
        } catch (IOException ex) {
            // A full socket buffer: this frame is lost, as on a real network.
        }
    }

    /** The agent's stream file for SIPp's rtp_stream: {@code seconds} of PCMU frames of the marker pattern. */
    static byte[] agentAudio(int seconds) {
        byte[] b = new byte[8000 * seconds];
        for (int i = 0; i < b.length; i++) {
            b[i] = AGENT_MARKER[i % AGENT_MARKER.length];
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        if (thread.isAlive()) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (pacer.isAlive()) {
            try {
                pacer.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Ear e : ears) {
            e.channel.close();
        }
        if (control != null) {
            control.channel.close();
        }
        if (pacerChannel != null) {
            pacerChannel.close();
        }
        selector.close();
    }
}
