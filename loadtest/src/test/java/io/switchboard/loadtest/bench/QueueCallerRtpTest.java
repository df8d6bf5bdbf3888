package io.switchboard.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The queue benchmark's ears: music timed per caller, the agent told by its marker, RTCP skipped, the caller's audio sent back. */
@Timeout(30)
class QueueCallerRtpTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void timesEachCallersMusicAndTellsTheAgentByItsMarker() throws Exception {
        try (QueueCallerRtp rtp = new QueueCallerRtp(2, false, 5); DatagramChannel tx = DatagramChannel.open()) {
            tx.bind(new InetSocketAddress(LOOPBACK, 0));
            InetSocketAddress paced = new InetSocketAddress(LOOPBACK, rtp.ears().get(0).port);
            InetSocketAddress late = new InetSocketAddress(LOOPBACK, rtp.ears().get(1).port);
            long start = System.nanoTime();
            rtp.open(start, start + Duration.ofMillis(1500).toNanos());
            // Caller 0 every 20 ms, caller 1 every 40 ms (20 ms off the pace), for 1 s; RTCP to caller 0.
            for (int i = 0; i < 50; i++) {
                LockSupport.parkNanos(start + i * 20_000_000L - System.nanoTime());
                tx.send(packet(0, false), paced);
                if (i % 2 == 0) {
                    tx.send(packet(0, false), late);
                }
                if (i % 10 == 0) {
                    tx.send(packet(200, false), paced);
                }
            }
            LockSupport.parkNanos(start + Duration.ofMillis(1600).toNanos() - System.nanoTime());
            QueueCallerRtp.Window w = rtp.closeWindow();
            tx.send(packet(0, true), paced);
            awaitAgent(rtp, 1);

            QueueCallerRtp.Ear first = rtp.ears().get(0);
            QueueCallerRtp.Ear second = rtp.ears().get(1);
            assertThat(first.windowPackets).isEqualTo(50);
            assertThat(first.windowIntervals).isEqualTo(49);
            assertThat(second.windowPackets).isEqualTo(25);
            assertThat(second.windowOverBound).as("every 40 ms interval is 20 ms off").isGreaterThanOrEqualTo(22);
            assertThat(second.p99Ms()).isGreaterThan(5);
            assertThat(w.packets()).isEqualTo(75);
            assertThat(w.rtcp()).isEqualTo(5);
            assertThat(rtp.hearingMusic()).isEqualTo(2);
            assertThat(rtp.hearingAgent()).isEqualTo(1);
            assertThat(first.firstAgentMicros).isGreaterThan(first.firstMusicMicros);
            assertThat(first.agentPackets).isEqualTo(1);
            assertThat(second.firstAgentMicros).isZero();
        }
    }

    @Test
    void answersEachPacketWithTheCallersOwnFrameToItsSource() throws Exception {
        try (QueueCallerRtp rtp = new QueueCallerRtp(1, true, 5); DatagramChannel relay = DatagramChannel.open()) {
            relay.bind(new InetSocketAddress(LOOPBACK, 0));
            relay.send(packet(0, false), new InetSocketAddress(LOOPBACK, rtp.ears().get(0).port));
            ByteBuffer in = ByteBuffer.allocate(2048);
            relay.receive(in); // blocking; the class's timeout bounds it
            in.flip();
            assertThat(in.remaining()).isEqualTo(172);
            assertThat(in.get(1) & 0x7f).as("PCMU").isZero();
            assertThat(in.getInt(8)).as("the caller's SSRC").isEqualTo(0x5100_0000);
        }
    }

    @Test
    void aCallersP99IsTheUpperEdgeOfItsBin() throws Exception {
        try (QueueCallerRtp rtp = new QueueCallerRtp(1, false, 5)) {
            QueueCallerRtp.Ear e = rtp.ears().get(0);
            assertThat(e.p99Ms()).isNaN();
            e.windowIntervals = 100;
            e.bins[3] = 99;
            e.bins[60] = 1;
            assertThat(e.p99Ms()).isEqualTo(0.4);
            e.bins[3] = 98;
            e.bins[1000] = 1;
            assertThat(e.p99Ms()).isEqualTo(6.1);
            e.bins[60] = 0;
            e.bins[1000] = 2;
            assertThat(e.p99Ms()).isInfinite();
        }
    }

    private static void awaitAgent(QueueCallerRtp rtp, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (rtp.hearingAgent() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** An RTP packet of payload type {@code pt} with 160 bytes: the agent's marker, or music (0x55). */
    private static ByteBuffer packet(int pt, boolean agent) {
        ByteBuffer b = ByteBuffer.allocate(172);
        b.put((byte) 0x80).put((byte) pt).putShort((short) 1).putInt(160).putInt(0x1234);
        for (int i = 0; i < 160; i++) {
            b.put(agent ? QueueCallerRtp.AGENT_MARKER[i % QueueCallerRtp.AGENT_MARKER.length] : (byte) 0x55);
        }
        return b.flip();
    }
}
