package io.switchboard.common.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.codec.Pcmu;
import io.switchboard.common.prompt.Prompt;
import io.switchboard.common.prompt.PromptPlayer;
import io.switchboard.common.prompt.Tone;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every loopback test again with the endpoints on their loop's shared port, plus what sharing adds:
 * two endpoints on one port each reach only their own peer and hear only it, and a stranger is dropped.
 */
class RtpEndpointSharedPortTest extends RtpEndpointLoopbackTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Override
    RtpEndpoints endpoints() {
        return new RtpEndpoints(LOOPBACK, 47200, 47299, 1, true);
    }

    @Test
    void twoEndpointsOnOneSharedPortEachTalkToTheirOwnPeerAndAStrangerIsDropped() throws Exception {
        assertThat(endpoints.shared()).isTrue();
        try (DatagramSocket alice = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
             DatagramSocket bob = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
             DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            alice.setSoTimeout(3000);
            bob.setSoTimeout(3000);
            RtpEndpoint a = startTo(alice);
            RtpEndpoint b = startTo(bob);
            assertThat(a.localPort()).as("one port for both").isEqualTo(b.localPort());
            a.play(PromptPlayer.of(Prompt.of("tone", Tone.sine(1000, 2000, 8000))));

            Set<Long> ssrcsAtAlice = new HashSet<>();
            Set<Long> ssrcsAtBob = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                ssrcsAtAlice.add(ssrc(alice));
                ssrcsAtBob.add(ssrc(bob));
            }
            assertThat(ssrcsAtAlice).containsExactly(a.ssrc());
            assertThat(ssrcsAtBob).containsExactly(b.ssrc());

            byte[] packet = new byte[12 + 160];
            packet[0] = (byte) 0x80;
            for (int i = 0; i < 5; i++) {
                packet[3] = (byte) i;
                alice.send(new DatagramPacket(packet, packet.length, a.localAddress()));
                stranger.send(new DatagramPacket(packet, packet.length, a.localAddress()));
            }
            org.awaitility.Awaitility.await().untilAsserted(() -> {
                assertThat(a.packetsReceived).isEqualTo(5);
                assertThat(endpoints.strangers()).isEqualTo(5);
            });
            assertThat(b.packetsReceived).isZero();
            a.close();
            b.close();
            org.awaitility.Awaitility.await().until(() -> endpoints.inUse() == 0);
        }
    }

    private RtpEndpoint startTo(DatagramSocket peer) throws Exception {
        RtpEndpoint e = endpoints.open();
        InetSocketAddress at = (InetSocketAddress) peer.getLocalSocketAddress();
        e.start(new NegotiatedMedia(Pcmu.INSTANCE, 0, 101, at, at, true, 20, "sendrecv"), (d, s) -> { })
                .get(2, TimeUnit.SECONDS);
        return e;
    }

    private static long ssrc(DatagramSocket s) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        s.receive(p);
        byte[] d = p.getData();
        return ((d[8] & 0xffL) << 24) | ((d[9] & 0xffL) << 16) | ((d[10] & 0xffL) << 8) | (d[11] & 0xffL);
    }
}
