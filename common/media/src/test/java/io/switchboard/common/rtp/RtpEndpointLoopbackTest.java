package io.switchboard.common.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.common.codec.Codec;
import io.switchboard.common.codec.G711;
import io.switchboard.common.codec.OpusCodec;
import io.switchboard.common.codec.Pcmu;
import io.switchboard.common.dtmf.DigitSource;
import io.switchboard.common.prompt.Prompt;
import io.switchboard.common.prompt.PromptPlayer;
import io.switchboard.common.prompt.Tone;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real sockets on 127.0.0.1: a java.net peer talks to an endpoint driven by the shared clock. */
class RtpEndpointLoopbackTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    RtpEndpoints endpoints;
    private DatagramSocket peerRtp;
    private DatagramSocket peerRtcp;
    private final List<String> digits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        endpoints = endpoints();
        peerRtp = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        peerRtcp = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        peerRtp.setSoTimeout(3000);
        peerRtcp.setSoTimeout(4000);
    }

    /** Endpoints on port pairs of their own; {@link RtpEndpointSharedPortTest} runs every test on a shared port. */
    RtpEndpoints endpoints() {
        return new RtpEndpoints(LOOPBACK, 47100, 47199, 1);
    }

    @AfterEach
    void tearDown() {
        peerRtp.close();
        peerRtcp.close();
        endpoints.close();
    }

    private RtpEndpoint started(int eventPt) throws Exception {
        return started(Pcmu.INSTANCE, 0, eventPt);
    }

    private RtpEndpoint started(Codec codec, int pt, int eventPt) throws Exception {
        RtpEndpoint e = endpoints.open();
        assertThat(e).isNotNull();
        NegotiatedMedia media = new NegotiatedMedia(codec, pt, eventPt,
                (InetSocketAddress) peerRtp.getLocalSocketAddress(), (InetSocketAddress) peerRtcp.getLocalSocketAddress(),
                false, 20, "sendrecv");
        e.start(media, (d, s) -> digits.add(d + ":" + s)).get(2, TimeUnit.SECONDS);
        return e;
    }

    private ByteBuffer receive(DatagramSocket socket) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        socket.receive(p);
        return ByteBuffer.wrap(p.getData(), 0, p.getLength());
    }

    @Test
    void pacedPacketsCountUpBySequenceOneAndTimestamp160_rfc3550_5_1() throws Exception {
        RtpEndpoint e = started(101);
        e.play(PromptPlayer.of(Prompt.of("tone", Tone.sine(1000, 2000, 8000))));
        // Packets sent before this thread started reading come as a burst: drain until one is paced.
        receive(peerRtp);
        long last = System.nanoTime();
        for (int i = 0; i < 25; i++) {
            receive(peerRtp);
            long now = System.nanoTime();
            if (now - last > 10_000_000L) {
                break;
            }
            last = now;
        }
        int n = 50;
        long[] arrival = new long[n];
        int[] seq = new int[n];
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ByteBuffer p = receive(peerRtp);
            arrival[i] = System.nanoTime();
            assertThat(p.remaining()).isEqualTo(12 + 160);
            assertThat(p.get(0) & 0xc0).isEqualTo(0x80);
            assertThat(p.get(1) & 0x7f).isZero();
            assertThat(p.getInt(8) & 0xffffffffL).isEqualTo(e.ssrc());
            seq[i] = p.getShort(2) & 0xffff;
            ts[i] = p.getInt(4) & 0xffffffffL;
        }
        double jitter = 0;
        double maxGap = 0;
        for (int i = 1; i < n; i++) {
            assertThat(seq[i]).isEqualTo((seq[i - 1] + 1) & 0xffff);
            assertThat(ts[i]).isEqualTo((ts[i - 1] + 160) & 0xffffffffL);
            double gapMs = (arrival[i] - arrival[i - 1]) / 1e6;
            maxGap = Math.max(maxGap, gapMs);
            jitter += (Math.abs(gapMs - 20) - jitter) / 16; // RFC 3550 A.8 estimator, in ms
        }
        StringBuilder gaps = new StringBuilder();
        for (int i = 1; i < n; i++) {
            gaps.append(String.format(" %.1f", (arrival[i] - arrival[i - 1]) / 1e6));
        }
        System.out.println("gaps ms:" + gaps);
        double spanMs = (arrival[n - 1] - arrival[0]) / 1e6;
        System.out.printf("paced sender: %d packets over %.1f ms (ideal %d), mean gap %.2f ms, max gap %.2f ms, "
                + "RFC 3550 jitter %.3f ms, epoll=%s%n", n, spanMs, (n - 1) * 20, spanMs / (n - 1), maxGap, jitter, endpoints.epoll());
        assertThat(spanMs).isBetween(0.5 * (n - 1) * 20, 3.0 * (n - 1) * 20);
        e.close();
    }

    @Test
    void aSourceThatSuppressesSilenceSendsNothingWhileQuietAndMarksTheNextTalkspurt_rfc3551_4_1() throws Exception {
        RtpEndpoint e = started(101);
        java.util.concurrent.atomic.AtomicBoolean talking = new java.util.concurrent.atomic.AtomicBoolean(true);
        e.play(new FrameSource() {
            @Override
            public boolean next(Codec codec, int samples, io.netty.buffer.ByteBuf out) {
                if (!talking.get()) {
                    return false;
                }
                out.writeZero(samples);
                return true;
            }

            @Override
            public boolean suppressesSilence() {
                return true;
            }
        });
        receive(peerRtp);
        talking.set(false);
        Thread.sleep(100); // what was queued before drains
        drain(peerRtp);
        long sent = e.packetsSent;
        Thread.sleep(300);
        assertThat(e.packetsSent).as("nothing sent while quiet").isEqualTo(sent);
        peerRtp.setSoTimeout(100);
        assertThat(drain(peerRtp)).isZero();
        peerRtp.setSoTimeout(3000);

        talking.set(true);
        ByteBuffer first = receive(peerRtp);
        assertThat(first.get(1) & 0x80).as("marker on the talkspurt's first packet").isEqualTo(0x80);
        ByteBuffer second = receive(peerRtp);
        assertThat(second.get(1) & 0x80).isZero();
        long gapTicks = ((second.getInt(4) & 0xffffffffL) - (first.getInt(4) & 0xffffffffL)) / 160;
        assertThat(gapTicks).as("the timestamp ran on through the gap, one frame apart after it").isEqualTo(1);
        e.close();
    }

    /** Reads what is waiting; returns how many datagrams that was. */
    private static int drain(DatagramSocket s) throws Exception {
        int n = 0;
        int timeout = s.getSoTimeout();
        s.setSoTimeout(50);
        try {
            while (true) {
                s.receive(new DatagramPacket(new byte[2048], 2048));
                n++;
            }
        } catch (java.net.SocketTimeoutException e) {
            return n;
        } finally {
            s.setSoTimeout(timeout);
        }
    }

    @Test
    void senderReportArrivesOnRtcpPortWithOurSsrc_rfc3550_6_4_1() throws Exception {
        RtpEndpoint e = started(-1);
        ByteBuffer sr = receive(peerRtcp); // first report after 1.25-2.5 s (section 6.2)
        assertThat(sr.get(1) & 0xff).isEqualTo(200);
        assertThat(sr.getInt(4) & 0xffffffffL).isEqualTo(e.ssrc());
        assertThat(sr.getInt(20)).isPositive(); // packets sent so far
        assertThat(sr.get(28 + 1) & 0xff).isEqualTo(202);
        e.close();
    }

    @Test
    void digitSentAsEventsCarriesMarkerOneTimestampAndThreeEnds_rfc4733_2_5_1() throws Exception {
        RtpEndpoint e = started(101);
        assertThat(e.sendDigits("9")).isTrue();
        long eventTs = -1;
        int packets = 0;
        int ends = 0;
        long lastAudioTs = -1;
        for (int i = 0; i < 60 && ends < 3; i++) {
            ByteBuffer p = receive(peerRtp);
            if ((p.get(1) & 0x7f) != 101) {
                lastAudioTs = p.getInt(4) & 0xffffffffL;
                continue;
            }
            long ts = p.getInt(4) & 0xffffffffL;
            if (packets == 0) {
                assertThat(p.get(1) & 0x80).as("marker on the first event packet").isEqualTo(0x80);
                eventTs = ts;
                if (lastAudioTs >= 0) {
                    assertThat(eventTs).isEqualTo((lastAudioTs + 160) & 0xffffffffL);
                }
            } else {
                assertThat(p.get(1) & 0x80).isZero();
            }
            assertThat(ts).isEqualTo(eventTs);
            assertThat(p.get(12)).isEqualTo((byte) 9);
            if ((p.get(13) & 0x80) != 0) {
                ends++;
            }
            packets++;
        }
        assertThat(ends).isEqualTo(3);
        assertThat(packets).isEqualTo(5 + 3);
        e.close();
    }

    private void send(RtpEndpoint e, int pt, boolean marker, int seq, long ts, byte[] payload) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        b.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | pt)).putShort((short) seq).putInt((int) ts).putInt(0x5eed);
        b.put(payload);
        peerRtp.send(new DatagramPacket(b.array(), b.capacity(), e.localAddress()));
    }

    @Test
    void receivedEventWithRepeatsIsOneDigit_rfc4733_2_5_1() throws Exception {
        RtpEndpoint e = started(101);
        int seq = 1000;
        long ts = 88000;
        send(e, 101, true, seq++, ts, new byte[] {7, 10, 0, (byte) 160});
        send(e, 101, false, seq++, ts, new byte[] {7, 10, 1, 64});
        send(e, 101, false, seq - 1, ts, new byte[] {7, 10, 1, 64});
        for (int i = 0; i < 3; i++) {
            send(e, 101, false, seq++, ts, new byte[] {7, (byte) 0x8a, 1, (byte) 224});
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> !digits.isEmpty());
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> digits.size() == 1);
        assertThat(digits).containsExactly("7:RFC4733");
        e.close();
    }

    @Test
    void inBandToneInPcmuIsOneDigitWhenNoEventsNegotiated_q24() throws Exception {
        RtpEndpoint e = started(-1);
        short[] tone = new short[800];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (short) (5000 * Math.sin(2 * Math.PI * 770 * i / 8000) + 5000 * Math.sin(2 * Math.PI * 1209 * i / 8000));
        }
        AtomicInteger frame = new AtomicInteger();
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        try {
            pace.scheduleAtFixedRate(() -> {
                int f = frame.getAndIncrement();
                byte[] payload = new byte[160];
                for (int i = 0; i < 160; i++) {
                    int at = f * 160 + i;
                    payload[i] = G711.linearToUlaw(at < tone.length ? tone[at] : 0);
                }
                try {
                    send(e, 0, f == 0, 500 + f, 16000 + f * 160L, payload);
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(3)).until(() -> !digits.isEmpty());
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> digits.size() == 1);
        } finally {
            pace.shutdownNow();
        }
        assertThat(digits).containsExactly("4:" + DigitSource.INBAND);
        assertThat(e.jitterBuffer().accepted).isPositive();
        e.close();
    }

    @Test
    void closedEndpointFreesItsPortPair_rfc3550_11() throws Exception {
        RtpEndpoint e = started(-1);
        assertThat(e.localPort() % 2).isZero();
        int before = endpoints.inUse();
        e.close();
        await().atMost(Duration.ofSeconds(2)).until(() -> endpoints.inUse() == before - 1);
        await().atMost(Duration.ofSeconds(1)).until(() -> endpoints.ticking() == 0);
    }

    @Test
    void opusPacketsCountUpByTimestamp960AndCarryTheTone_rfc7587_4_1() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(OpusCodec.available());
        RtpEndpoint e = started(new OpusCodec(8000), 111, 101);
        e.play(PromptPlayer.of(Prompt.of("tone", Tone.sine(1000, 3000, 8000))));
        OpusCodec peer = new OpusCodec(8000);
        try {
            int n = 40;
            int[] seq = new int[n];
            long[] ts = new long[n];
            short[] pcm = new short[960];
            double energy = 0;
            int decodedFrames = 0;
            for (int i = 0; i < n; i++) {
                ByteBuffer p = receive(peerRtp);
                assertThat(p.get(0) & 0xc0).isEqualTo(0x80);
                assertThat(p.get(1) & 0x7f).isEqualTo(111);
                assertThat(p.getInt(8) & 0xffffffffL).isEqualTo(e.ssrc());
                seq[i] = p.getShort(2) & 0xffff;
                ts[i] = p.getInt(4) & 0xffffffffL;
                int len = p.remaining() - 12;
                assertThat(len).isBetween(1, 160);
                int got = peer.decode(p.array(), p.arrayOffset() + 12, len, pcm, 0);
                assertThat(got).isEqualTo(160);
                if (i >= 10) {
                    for (int k = 0; k < got; k++) {
                        energy += (double) pcm[k] * pcm[k];
                    }
                    decodedFrames++;
                }
            }
            for (int i = 1; i < n; i++) {
                assertThat(seq[i]).isEqualTo((seq[i - 1] + 1) & 0xffff);
                assertThat(ts[i]).as("packet %d", i).isEqualTo((ts[i - 1] + 960) & 0xffffffffL);
            }
            double rms = Math.sqrt(energy / (decodedFrames * 160.0));
            System.out.printf("opus over loopback: %d packets, timestamp step 960, decoded tone RMS %.0f (sine peak 8000 -> RMS ~5657)%n", n, rms);
            assertThat(rms).isBetween(3000.0, 8000.0);
        } finally {
            peer.release();
            e.close();
        }
    }

    @Test
    void receivedOpusIsDecodedToEightKilohertzFrames_rfc7587() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(OpusCodec.available());
        RtpEndpoint e = started(new OpusCodec(8000), 111, -1);
        List<Double> rms = new CopyOnWriteArrayList<>();
        e.receiveAudio((pcm, samples) -> {
            double sum = 0;
            for (int i = 0; i < samples; i++) {
                sum += (double) pcm[i] * pcm[i];
            }
            if (samples == 160) {
                rms.add(Math.sqrt(sum / samples));
            }
        });
        short[] tone = Tone.sine(1000, 2000, 8000);
        OpusCodec peer = new OpusCodec(8000);
        AtomicInteger frame = new AtomicInteger();
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        try {
            byte[] payload = new byte[peer.maxPayloadBytes(160)];
            pace.scheduleAtFixedRate(() -> {
                int f = frame.getAndIncrement();
                if (f >= tone.length / 160) {
                    return;
                }
                int len = peer.encode(tone, f * 160, 160, payload, 0);
                try {
                    send(e, 111, f == 0, 700 + f, 48000 + f * 960L, java.util.Arrays.copyOf(payload, len));
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(3)).until(() -> rms.stream().filter(r -> r > 3000).count() >= 20);
        } finally {
            pace.shutdownNow();
            pace.awaitTermination(1, TimeUnit.SECONDS);
            peer.release();
        }
        assertThat(e.jitterBuffer().accepted).isPositive();
        assertThat(e.unknownPayloadType).isZero();
        e.close();
    }
}
