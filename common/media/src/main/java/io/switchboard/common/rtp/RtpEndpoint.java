package io.switchboard.common.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.switchboard.common.codec.Codec;
import io.switchboard.common.dtmf.DigitListener;
import io.switchboard.common.dtmf.DtmfToneDetector;
import io.switchboard.common.dtmf.TelephoneEventReceiver;
import io.switchboard.common.dtmf.TelephoneEventSender;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One call's RTP stream on a worker, on one event loop. The packet path, top to bottom:
 * <ul>
 * <li>receive (RTP port): RTCP when multiplexed → telephone-event → the negotiated codec into the
 *     jitter buffer; anything else is counted and dropped. The datagram is released here.</li>
 * <li>tick (every 20 ms, from the loop's shared {@link MediaClock}): play out one frame from the jitter
 *     buffer, decode it, feed the in-band detector and the {@link AudioSink}; send one packet, the
 *     RFC 4733 event in progress or the next frame of the {@link FrameSource} or silence, with
 *     sequence +1 and timestamp + one frame at the codec's RTP clock (160 for G.711, 960 for Opus;
 *     RFC 3550 section 5.1, RFC 7587 section 4.1); every ~5 s an SR (section 6.4.1).</li>
 * </ul>
 * Nothing on that path allocates besides Netty's pooled buffers, takes a lock or logs; counters are
 * plain fields. Control calls ({@link #start}, {@link #play}, {@link #sendDigits}, {@link #close})
 * may come from any thread and are run on the loop. Packets go out by its {@link RtpPath}: its own
 * port pair connected to the peer, or its loop's shared port.
 */
public final class RtpEndpoint {
    /** Reports every 5 s (RFC 3550 section 6.2 minimum), spread by 0.5-1.5x so endpoints do not burst together. */
    private static final int REPORT_TICKS = 5000 / MediaClock.PTIME_MS;
    private static final int MAX_PAYLOAD = 1500 - 12;
    /** While a source suppresses silence, one silence frame every 5 s keeps the relay's and NATs' idea of the flow. */
    private static final int KEEPALIVE_TICKS = 5000 / MediaClock.PTIME_MS;

    private final RtpEndpoints owner;
    private final MediaClock clock;
    private final int port;
    private RtpPath path;

    private volatile NegotiatedMedia media;
    private Codec codec;
    /** PCM samples per frame (at the codec's PCM rate). */
    private int samples;
    /** RTP timestamp units per frame (at the codec's RTP clock). */
    private int timestampStep;
    private DigitListener digits;
    // What the packet path reads of the negotiated media each packet, kept here: one object fewer to touch per packet.
    private boolean sends;
    private boolean rtcpMux;
    private int payloadType;
    private int eventPayloadType;
    private volatile boolean closed;
    private boolean ticking;

    private final long ssrc = ThreadLocalRandom.current().nextLong() & 0xffff_ffffL;
    private final byte[] cname;
    private int seq = ThreadLocalRandom.current().nextInt(0x10000);
    private long timestamp = ThreadLocalRandom.current().nextLong() & 0xffff_ffffL;
    private boolean firstPacket = true;
    /** Bytes a packet of this stream needs at most (header and the codec's largest frame). */
    private int sendCapacity = RtpHeader.MIN_LENGTH + MAX_PAYLOAD;
    /** Ticks since the last packet while the source suppresses silence. */
    private int quietTicks;
    private byte[] silence;
    private FrameSource source;
    private TelephoneEventSender eventSender;
    /** RFC 3550 section 6.2: the first report goes out after half the minimum interval (randomised). */
    private int ticksToReport = REPORT_TICKS / 4 + ThreadLocalRandom.current().nextInt(REPORT_TICKS / 4);

    private JitterBuffer jitter;
    private final ReceptionStats reception = new ReceptionStats();
    private TelephoneEventReceiver eventReceiver;
    private DtmfToneDetector toneDetector;
    private AudioSink sink;
    private final byte[] rxPayload = new byte[MAX_PAYLOAD];
    private short[] rxPcm;
    private long startNanos;

    public long packetsSent;
    public long octetsSent;
    public long packetsReceived;
    public long rtcpSent;
    public long rtcpReceived;
    public long unknownPayloadType;
    public long malformed;
    public long errors;

    RtpEndpoint(RtpEndpoints owner, MediaClock clock, int port) {
        this.owner = owner;
        this.clock = clock;
        this.port = port;
        this.cname = RtcpSenderReport.cname("sb-" + Long.toHexString(ssrc) + "@" + port);
    }

    void bound(RtpPath path) {
        this.path = path;
    }

    /** The address and RTP port to put in our SDP. */
    public InetSocketAddress localAddress() {
        return path.local();
    }

    public int localPort() {
        return port;
    }

    public long ssrc() {
        return ssrc;
    }

    java.util.concurrent.Executor clockLoop() {
        return clock.loop();
    }

    /** The event loop this endpoint receives and sends on: a conference joins its participants there. */
    public java.util.concurrent.Executor loop() {
        return clock.loop();
    }

    /** The negotiated codec's name, empty before {@link #start}. */
    public String codecName() {
        NegotiatedMedia m = media;
        return m == null ? "" : m.codec().name();
    }

    /**
     * Starts (or, after a re-INVITE, re-points) the stream as negotiated. Digits from RFC 4733 when
     * negotiated, else from in-band tones, go to {@code listener}. Completes once the endpoint ticks.
     */
    public CompletableFuture<Void> start(NegotiatedMedia negotiated, DigitListener listener) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        clock.loop().execute(() -> {
            try {
                configure(negotiated, listener);
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private void configure(NegotiatedMedia m, DigitListener listener) {
        if (closed) {
            throw new IllegalStateException("endpoint on port " + port + " is closed");
        }
        boolean codecChanged = codec == null || !codec.name().equals(m.codec().name()) || samples != m.samplesPerFrame()
                || timestampStep != m.timestampStep();
        if (codec != null && codec != m.codec()) {
            codec.release();
        }
        media = m;
        sends = m.sends();
        rtcpMux = m.rtcpMux();
        payloadType = m.payloadType();
        eventPayloadType = m.telephoneEventPayloadType();
        codec = m.codec();
        samples = m.samplesPerFrame();
        timestampStep = m.timestampStep();
        digits = listener;
        if (codecChanged) {
            short[] zero = new short[samples];
            // A send buffer the size of this codec's largest frame, not an MTU: 1,000 streams' packets of a tick stay in cache.
            sendCapacity = RtpHeader.MIN_LENGTH + Math.min(MAX_PAYLOAD, Math.max(16, codec.maxPayloadBytes(samples)));
            silence = new byte[codec.maxPayloadBytes(samples)];
            silence = java.util.Arrays.copyOf(silence, codec.encode(zero, 0, samples, silence, 0));
            rxPcm = new short[Math.max(samples, 2 * codec.clockRate() * 60 / 1000)];
            // Slots sized for up to 60 ms frames of this codec (480 bytes of G.711, not an MTU): 5,000 calls x 16 slots add up.
            jitter = new JitterBuffer(16, Math.min(MAX_PAYLOAD, codec.maxPayloadBytes(3 * samples)), timestampStep, 2, 10);
        }
        eventReceiver = m.hasTelephoneEvent() ? new TelephoneEventReceiver(listener) : null;
        toneDetector = !m.hasTelephoneEvent() && codec.clockRate() == 8000 ? new DtmfToneDetector(listener) : null;
        eventSender = m.hasTelephoneEvent() ? new TelephoneEventSender(samples) : null;
        path.connect(m);
        if (!ticking) {
            ticking = true;
            startNanos = System.nanoTime();
            clock.add(this);
        }
    }

    /** Sends {@code frames} from now on, in place of what was playing; null for silence. */
    public void play(FrameSource frames) {
        clock.loop().execute(() -> source = frames);
    }

    public void stopPlayback() {
        play(null);
    }

    /** Sends digits as RFC 4733 events (when negotiated; false otherwise or for a non-DTMF character). */
    public boolean sendDigits(String keys) {
        NegotiatedMedia m = media;
        if (m == null || !m.hasTelephoneEvent() || keys.chars().anyMatch(c -> io.switchboard.common.dtmf.DtmfDigit.event((char) c) < 0)) {
            return false;
        }
        clock.loop().execute(() -> {
            for (int i = 0; i < keys.length(); i++) {
                eventSender.enqueue(keys.charAt(i));
            }
        });
        return true;
    }

    /** Where received audio goes, one decoded frame per tick; null for nowhere. */
    public void receiveAudio(AudioSink audio) {
        clock.loop().execute(() -> sink = audio);
    }

    public boolean closed() {
        return closed;
    }

    /** Stops ticking, closes both channels and frees the port pair. Safe to call twice, from any thread. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        clock.loop().execute(() -> {
            clock.remove(this);
            if (codec != null) {
                codec.release();
            }
        });
        path.close(() -> owner.release(this));
    }

    /** Playout statistics (counters read from another thread are approximate). */
    public JitterBuffer jitterBuffer() {
        return jitter;
    }

    public ReceptionStats reception() {
        return reception;
    }

    // ---- the packet path, on the loop ----

    /** The send half of a tick, after every endpoint of the loop received ({@link MediaClock}). */
    void sendTick(long wallMillis) {
        if (sends) {
            sendFrame();
        }
        timestamp = (timestamp + timestampStep) & 0xffff_ffffL;
        if (--ticksToReport <= 0) {
            ticksToReport = REPORT_TICKS / 2 + ThreadLocalRandom.current().nextInt(REPORT_TICKS);
            sendReport(wallMillis);
        }
    }

    /** The receive half of a tick: one frame out of the jitter buffer, decoded, to the detector and the sink. */
    void receiveTick() {
        jitter.retarget(reception.jitter());
        int len = jitter.poll(rxPayload);
        AudioSink s = sink;
        if (s == null && toneDetector == null) {
            return; // nobody hears the decoded audio (RFC 4733 digits come on receive): no decode
        }
        int n;
        if (len >= 0) {
            n = codec.decode(rxPayload, 0, len, rxPcm, 0);
        } else {
            n = samples;
            java.util.Arrays.fill(rxPcm, 0, n, (short) 0);
        }
        if (toneDetector != null && len >= 0) {
            toneDetector.process(rxPcm, 0, n);
        }
        if (s != null) {
            s.frame(rxPcm, n);
        }
    }

    private void sendFrame() {
        ByteBuf b = path.alloc().directBuffer(sendCapacity, RtpHeader.MIN_LENGTH + MAX_PAYLOAD);
        b.writerIndex(RtpHeader.MIN_LENGTH);
        boolean marker;
        int pt;
        long ts;
        TelephoneEventSender events = eventSender;
        if (events != null && events.active()) {
            marker = events.next(b, timestamp);
            pt = eventPayloadType;
            ts = events.eventTimestamp();
        } else {
            if (events != null) {
                events.idleTick();
            }
            FrameSource s = source;
            if (s == null || !s.next(codec, samples, b)) {
                if (s != null && s.suppressesSilence() && packetsSent > 0 && ++quietTicks < KEEPALIVE_TICKS) {
                    b.release();
                    firstPacket = true; // the next packet starts a talkspurt: marker bit (RFC 3551 section 4.1)
                    return;
                }
                quietTicks = 0; // the stream's first packet, or a keepalive every 5 s (RFC 6263): relays and NATs keep the flow
                b.writerIndex(RtpHeader.MIN_LENGTH);
                b.writeBytes(silence);
            }
            marker = firstPacket;
            pt = payloadType;
            ts = timestamp;
        }
        firstPacket = false;
        RtpHeader.set(b, 0, marker, pt, seq, ts, ssrc);
        seq = (seq + 1) & 0xffff;
        packetsSent++;
        octetsSent += b.readableBytes() - RtpHeader.MIN_LENGTH;
        path.sendRtp(b);
    }

    private void sendReport(long wallMillis) {
        ByteBuf b = path.alloc().directBuffer(128);
        RtcpSenderReport.write(b, ssrc, wallMillis, timestamp, packetsSent, octetsSent, reception, cname);
        rtcpSent++;
        path.sendRtcp(b, rtcpMux);
    }

    private void receiveRtp(ByteBuf b, int off, int len) {
        if (codec == null || !RtpHeader.isVersion2(b, off, len)) {
            malformed++;
            return;
        }
        if (rtcpMux && RtpHeader.isRtcp(b, off, len)) {
            receiveRtcp(b, off, len);
            return;
        }
        int header = RtpHeader.headerLength(b, off, len);
        int payload = header < 0 ? -1 : RtpHeader.payloadLength(b, off, len, header);
        if (payload < 0) {
            malformed++;
            return;
        }
        packetsReceived++;
        int pt = RtpHeader.payloadType(b, off);
        long ts = RtpHeader.timestamp(b, off);
        if (pt == eventPayloadType && eventReceiver != null) {
            eventReceiver.receive(b, off + header, payload, ts);
        } else if (pt == payloadType) {
            int s = RtpHeader.sequence(b, off);
            long arrival = (System.nanoTime() - startNanos) / 1000 * codec.rtpClockRate() / 1_000_000;
            if (reception.received(RtpHeader.ssrc(b, off), s, ts, arrival)) {
                jitter.offer(s, ts, pt, b, off + header, payload);
            }
        } else {
            unknownPayloadType++;
        }
    }

    private void receiveRtcp(ByteBuf b, int off, int len) {
        rtcpReceived++;
        if (len >= 28 && RtcpSenderReport.packetType(b, off) == RtcpSenderReport.PT_SR) {
            reception.senderReport(RtcpSenderReport.ntpTimestamp(b, off), System.currentTimeMillis());
        }
    }

    ChannelInboundHandlerAdapter rtpHandler() {
        return new Receiver(false);
    }

    ChannelInboundHandlerAdapter rtcpHandler() {
        return new Receiver(true);
    }

    /** A datagram that reached this endpoint (its own port, or its loop's shared port by the sender's address); not released here. */
    void received(ByteBuf buf, boolean rtcpPort) {
        NegotiatedMedia m = media;
        if (closed || m == null) {
            return;
        }
        if (rtcpPort) {
            if (!m.rtcpMux()) {
                receiveRtcp(buf, buf.readerIndex(), buf.readableBytes());
            }
            return; // while multiplexing nothing on the RTCP port is ours
        }
        receiveRtp(buf, buf.readerIndex(), buf.readableBytes());
    }

    /** Reads one datagram of the endpoint's own port and releases it; ICMP errors on the connected socket are counted, never close the channel. */
    private final class Receiver extends ChannelInboundHandlerAdapter {
        private final boolean rtcpPort;

        Receiver(boolean rtcpPort) {
            this.rtcpPort = rtcpPort;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = msg instanceof DatagramPacket p ? p.content() : (ByteBuf) msg;
            try {
                received(buf, rtcpPort);
            } finally {
                buf.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors++;
        }
    }
}
