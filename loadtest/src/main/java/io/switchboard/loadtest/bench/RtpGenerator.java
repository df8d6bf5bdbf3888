package io.switchboard.loadtest.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;

/**
 * G.711 RTP for many two-leg sessions from one thread: each session's two legs are non-blocking
 * sockets on 127.0.0.1, each {@code connect()}ed to the relay port it must send to, each sending a
 * 172-byte packet (RFC 3550 header, PT 0, seq +1, timestamp +160, own SSRC; 160 bytes of payload
 * whose first 8 carry the send time) every 20 ms, and reading what the relay forwards to it.
 *
 * <p>The 20 ms period is a timing wheel of {@value #SLOTS} slots of 1 ms: session s's caller leg
 * sends in slot s mod 20 and its callee leg ten slots later, so the load is spread evenly and every
 * send of a slot goes out in one burst between two selects. One thread sends and receives: on a
 * 2-core machine a second one would only take CPU from the relay being measured. Nothing is
 * allocated per packet. Packets are counted, and their one-way delay recorded, when their send time
 * falls in the measurement window, so packets in flight at its edges are neither lost nor double counted.
 */
final class RtpGenerator implements AutoCloseable, NgSessions.Legs {
    static final int PACKET_BYTES = 172;
    private static final int HEADER_BYTES = 12;
    private static final int SAMPLES_PER_PACKET = 160;
    private static final int SLOTS = 20;
    private static final long SLOT_NANOS = 1_000_000;
    private static final long MAGIC = 0x5357424e4348L;
    /** Packets later than this after the window are counted lost. */
    private static final long DRAIN_NANOS = 500_000_000;

    private final InetAddress loopback = InetAddress.getLoopbackAddress();
    private final Selector selector = Selector.open();
    private final List<DatagramChannel> legs = new ArrayList<>();
    private int[] seq = new int[0];
    private int[] timestamp = new int[0];
    private int[] ssrc = new int[0];
    private final ByteBuffer out = ByteBuffer.allocateDirect(PACKET_BYTES);
    private final ByteBuffer in = ByteBuffer.allocateDirect(2048);
    /** SDES-SRTP on a leg (null: plain): what it sends is protected, what it hears unprotected. */
    private io.switchboard.media.srtp.SrtpStream[] protect = new io.switchboard.media.srtp.SrtpStream[0];
    private io.switchboard.media.srtp.SrtpStream[] unprotect = new io.switchboard.media.srtp.SrtpStream[0];
    private final io.netty.buffer.ByteBuf srtpOut = io.netty.buffer.Unpooled.directBuffer(256);
    private final io.netty.buffer.ByteBuf srtpIn = io.netty.buffer.Unpooled.directBuffer(2048);
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    RtpGenerator() throws IOException {
        byte[] silence = new byte[PACKET_BYTES];
        Arrays.fill(silence, (byte) 0xff);
        out.put(silence).clear();
    }

    /** Called by {@link #run} on its own thread when the measurement window opens and closes. */
    interface Window {
        void opened();

        void closed();
    }

    /** What one run measured over its window. Delays in microseconds. */
    record Step(int sessions, long sent, long received, long sendFailures, long errors, Histogram delayMicros,
                long maxLagMicros, long generatorCpuMicros, long windowMicros) {
        double lossPercent() {
            return sent == 0 ? 0 : 100.0 * (sent - received) / sent;
        }

        double sentPerSecond() {
            return sent * 1e6 / windowMicros;
        }

        double receivedPerSecond() {
            return received * 1e6 / windowMicros;
        }
    }

    @Override
    public int sessions() {
        return legs.size() / 2;
    }

    /** Opens the two sockets of one more session; returns their local ports {caller, callee}. */
    @Override
    public int[] openSession() throws IOException {
        int[] ports = new int[2];
        for (int i = 0; i < 2; i++) {
            DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
            ch.bind(new InetSocketAddress(loopback, 0));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, legs.size());
            legs.add(ch);
            ports[i] = ((InetSocketAddress) ch.getLocalAddress()).getPort();
        }
        int n = legs.size();
        if (seq.length < n) {
            seq = Arrays.copyOf(seq, Math.max(64, n * 2));
            timestamp = Arrays.copyOf(timestamp, seq.length);
            ssrc = Arrays.copyOf(ssrc, seq.length);
            protect = Arrays.copyOf(protect, seq.length);
            unprotect = Arrays.copyOf(unprotect, seq.length);
        }
        for (int leg = n - 2; leg < n; leg++) {
            ssrc[leg] = ThreadLocalRandom.current().nextInt();
            seq[leg] = ThreadLocalRandom.current().nextInt(0x10000);
            timestamp[leg] = ThreadLocalRandom.current().nextInt();
        }
        return ports;
    }

    /** Points session {@code s}'s legs at the relay ports they must send to (the kernel then drops strangers). */
    @Override
    public void connect(int s, int callerSendsTo, int calleeSendsTo) throws IOException {
        legs.get(2 * s).connect(new InetSocketAddress(loopback, callerSendsTo));
        legs.get(2 * s + 1).connect(new InetSocketAddress(loopback, calleeSendsTo));
    }

    @Override
    public void srtp(int s, io.switchboard.media.srtp.SrtpKey callerSends, io.switchboard.media.srtp.SrtpKey callerHears) {
        protect[2 * s] = io.switchboard.media.srtp.SrtpStream.encrypting(callerSends);
        unprotect[2 * s] = io.switchboard.media.srtp.SrtpStream.decrypting(callerHears);
    }

    /** No relay: the two legs of session {@code s} send straight to each other (the generator's own ceiling). */
    void connectDirect(int s) throws IOException {
        DatagramChannel a = legs.get(2 * s);
        DatagramChannel b = legs.get(2 * s + 1);
        a.connect(b.getLocalAddress());
        b.connect(a.getLocalAddress());
    }

    /**
     * Streams the first {@code sessions} sessions for {@code warmup + measure}, then reads for
     * {@value #DRAIN_NANOS} ns more. Runs on the calling thread; bounded by its durations.
     */
    Step run(int sessions, Duration warmup, Duration measure, Window window) throws IOException {
        if (sessions > sessions()) {
            throw new IllegalArgumentException(sessions + " sessions asked, " + sessions() + " open");
        }
        Histogram delays = new Histogram(10_000_000L, 3);
        long start = System.nanoTime();
        long windowStart = start + warmup.toNanos();
        long windowEnd = windowStart + measure.toNanos();
        long drainEnd = windowEnd + DRAIN_NANOS;
        long nextTick = start;
        long tick = 0;
        long sent = 0;
        long received = 0;
        long sendFailures = 0;
        long errors = 0;
        long maxLag = 0;
        long cpuStart = 0;
        long cpuEnd = 0;
        boolean opened = false;
        boolean closed = false;
        while (true) {
            long now = System.nanoTime();
            if (!opened && now >= windowStart) {
                opened = true;
                window.opened();
                cpuStart = threads.getCurrentThreadCpuTime();
            }
            if (!closed && now >= windowEnd) {
                closed = true;
                cpuEnd = threads.getCurrentThreadCpuTime();
                window.closed();
            }
            if (now >= drainEnd) {
                break;
            }
            if (now < windowEnd && now >= nextTick) {
                if (now >= windowStart) {
                    maxLag = Math.max(maxLag, now - nextTick);
                }
                int slot = (int) (tick % SLOTS);
                int calleeFirst = (slot + SLOTS / 2) % SLOTS;
                for (int s = slot; s < sessions; s += SLOTS) {
                    long at = send(2 * s);
                    sent += at >= windowStart && at < windowEnd ? 1 : 0;
                    sendFailures += at < 0 ? 1 : 0;
                }
                for (int s = calleeFirst; s < sessions; s += SLOTS) {
                    long at = send(2 * s + 1);
                    sent += at >= windowStart && at < windowEnd ? 1 : 0;
                    sendFailures += at < 0 ? 1 : 0;
                }
                tick++;
                nextTick += SLOT_NANOS;
            }
            long due = (now < windowEnd ? nextTick : drainEnd) - now;
            int ready = due <= 0 ? selector.selectNow() : selector.select(Math.max(1, due / 1_000_000));
            if (ready == 0) {
                continue;
            }
            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey key = it.next();
                DatagramChannel ch = (DatagramChannel) key.channel();
                int leg = (Integer) key.attachment();
                it.remove();
                in.clear();
                long sentAt;
                try {
                    // One datagram per wake-up: a leg gets one every 20 ms; level-triggered epoll reports the rest.
                    int n = ch.read(in);
                    io.switchboard.media.srtp.SrtpStream srtp = unprotect[leg];
                    if (srtp != null) {
                        srtpIn.clear().writeBytes(in.flip());
                        if (!srtp.unprotectRtp(srtpIn) || srtpIn.readableBytes() < HEADER_BYTES + 16
                                || srtpIn.getLong(HEADER_BYTES + 8) != MAGIC) {
                            errors++;
                            continue;
                        }
                        sentAt = srtpIn.getLong(HEADER_BYTES);
                    } else {
                        if (n < HEADER_BYTES + 16 || in.getLong(HEADER_BYTES + 8) != MAGIC) {
                            continue;
                        }
                        sentAt = in.getLong(HEADER_BYTES);
                    }
                } catch (PortUnreachableException e) {
                    errors++;
                    continue;
                }
                if (sentAt >= windowStart && sentAt < windowEnd) {
                    received++;
                    delays.recordValue(Math.min(10_000_000L, Math.max(0, (System.nanoTime() - sentAt) / 1000)));
                }
            }
        }
        return new Step(sessions, sent, received, sendFailures, errors, delays, maxLag / 1000,
                (cpuEnd - cpuStart) / 1000, (windowEnd - windowStart) / 1000);
    }

    /**
     * One RTP packet from leg {@code leg}; returns the send time it carries (the window is judged
     * by it on both sides), or -1 when the socket buffer was full or the send failed.
     */
    private long send(int leg) {
        int sq = seq[leg];
        seq[leg] = (sq + 1) & 0xffff;
        int ts = timestamp[leg];
        timestamp[leg] = ts + SAMPLES_PER_PACKET;
        long at = System.nanoTime();
        out.clear();
        out.put(0, (byte) 0x80).put(1, (byte) 0).putShort(2, (short) sq).putInt(4, ts).putInt(8, ssrc[leg])
                .putLong(HEADER_BYTES, at).putLong(HEADER_BYTES + 8, MAGIC);
        try {
            io.switchboard.media.srtp.SrtpStream srtp = protect[leg];
            if (srtp == null) {
                return legs.get(leg).write(out) == PACKET_BYTES ? at : -1;
            }
            srtpOut.clear().writeBytes(out.duplicate());
            if (!srtp.protectRtp(srtpOut)) {
                return -1;
            }
            int len = srtpOut.readableBytes();
            return legs.get(leg).write(srtpOut.internalNioBuffer(0, len)) == len ? at : -1;
        } catch (IOException e) {
            // ICMP port unreachable from an earlier send surfaces here on a connected socket.
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        for (DatagramChannel ch : legs) {
            ch.close();
        }
        selector.close();
        srtpOut.release();
        srtpIn.release();
    }
}
