package io.switchboard.common.sip;

import static io.switchboard.common.sip.SipText.header;
import static io.switchboard.common.sip.UacText.branch;
import static io.switchboard.common.sip.UacText.method;
import static io.switchboard.common.sip.UacText.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client transactions over UDP against a real socket playing the UAS (RFC 3261 §17.1, RFC 6026 §7.2), T1 = 50 ms. */
class ClientTransactionUdpTest {
    private static final int T1 = 50;

    private final TestUas uas = new TestUas();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final RecordingUser user = new RecordingUser();
    private SipTransport transport;
    private UdpPeer peer;

    @BeforeEach
    void start() {
        SipTransportSettings settings = SipTransportSettings.defaults().withAddress("127.0.0.1", 0).withT1Millis(T1);
        transport = SipTransport.start(settings, uas, uas.messages, metrics);
        peer = new UdpPeer("127.0.0.1", transport.udpPort());
    }

    @AfterEach
    void stop() {
        peer.close();
        transport.close();
    }

    private ClientTransaction send(String method, String callId) {
        Request request = UacText.request(uas.messages, method, callId, peer.port());
        return transport.send(request, new InetSocketAddress("127.0.0.1", peer.port()), SipTransportKind.UDP, user);
    }

    @Test
    void inviteGetsOurViaAndItsResponsesReachTheTu_rfc3261_17_1_1_2_rfc6026_7_2() {
        ClientTransaction tx = send(Request.INVITE, "uac-1");
        String invite = peer.receive();

        assertThat(header(invite, "Via")).matches("SIP/2\\.0/UDP 127\\.0\\.0\\.1:" + transport.port() + ";branch=z9hG4bK[^;]+;rport");
        assertThat(tx.isInvite()).isTrue();
        assertThat(tx.flow().remote().getPort()).isEqualTo(peer.port());
        peer.send(response(invite, 100, null));
        peer.send(response(invite, 180, "uas1"));
        assertThat(user.next()).isEqualTo("provisional 180");
        peer.send(response(invite, 200, "uas1"));
        assertThat(user.next()).isEqualTo("final 200");
        assertThat(user.threads).allSatisfy(thread -> assertThat(thread).startsWith("sip-worker"));

        // §13.2.2.4: the resent 2xx and a 2xx of another fork go up for the TU to ACK, no ACK from here.
        peer.send(response(invite, 200, "uas1"));
        assertThat(user.next()).isEqualTo("2xx again 200");
        peer.send(response(invite, 200, "fork2"));
        assertThat(user.next()).isEqualTo("2xx again 200");
        assertThat(peer.receiveWithin(3 * T1).filter(m -> method(m).equals("ACK"))).isEmpty();
    }

    @Test
    void non2xxFinalIsAckedOnTheInviteBranchAndCopiesReAcked_rfc3261_17_1_1_3() {
        send(Request.INVITE, "uac-2");
        String invite = peer.receive();

        peer.send(response(invite, 486, "busy1"));
        assertThat(user.next()).isEqualTo("final 486");
        String ack = peer.receive(m -> method(m).equals("ACK"));
        assertThat(branch(ack)).isEqualTo(branch(invite));
        assertThat(header(ack, "To")).endsWith(";tag=busy1");
        assertThat(header(ack, "CSeq")).isEqualTo("1 ACK");
        assertThat(header(ack, "Call-ID")).isEqualTo("uac-2");

        peer.send(response(invite, 486, "busy1"));
        String again = peer.receive(m -> method(m).equals("ACK"));
        assertThat(branch(again)).isEqualTo(branch(invite));
        assertThat(user.nextWithin(3 * T1)).isEmpty();
    }

    @Test
    void unansweredInviteIsSentSevenTimesThenTimerB_rfc3261_17_1_1_2() {
        long start = System.nanoTime();
        send(Request.INVITE, "uac-3");
        List<Long> sentAt = new ArrayList<>();
        Optional<String> event = Optional.empty();
        while (event.isEmpty()) {
            peer.receiveWithin(20).ifPresent(m -> sentAt.add((System.nanoTime() - start) / 1_000_000));
            event = user.nextWithin(0);
        }
        long timedOutAt = (System.nanoTime() - start) / 1_000_000;

        assertThat(event).contains("timeout");
        // Sent at 0, T1, 3·T1, 7·T1, 15·T1, 31·T1, 63·T1 (Timer A doubles, no cap); Timer B at 64·T1.
        assertThat(sentAt).hasSize(7);
        long[] expected = {0, 1, 3, 7, 15, 31, 63};
        for (int i = 1; i < expected.length; i++) {
            assertThat(sentAt.get(i)).isGreaterThanOrEqualTo(expected[i] * T1 - 10);
        }
        assertThat(timedOutAt).isGreaterThanOrEqualTo(64L * T1 - 10);
        assertThat(peer.receiveWithin(4 * T1)).isEmpty();
    }

    @Test
    void cancelBeforeAnyProvisionalWaitsForThe1xx_rfc3261_9_1() {
        ClientTransaction tx = send(Request.INVITE, "uac-4");
        String invite = peer.receive();
        tx.cancel();

        // Only INVITE resends (Timer A) for a while: no CANCEL before a provisional.
        long until = System.nanoTime() + 4L * T1 * 1_000_000;
        while (System.nanoTime() < until) {
            peer.receiveWithin(T1).ifPresent(m -> assertThat(method(m)).isEqualTo("INVITE"));
        }
        peer.send(response(invite, 180, "ring4"));
        String cancel = peer.receive(m -> method(m).equals("CANCEL"));
        assertThat(branch(cancel)).isEqualTo(branch(invite));
        assertThat(header(cancel, "CSeq")).isEqualTo("1 CANCEL");
        assertThat(header(cancel, "To")).doesNotContain("tag=");

        peer.send(response(cancel, 200, "ring4"));
        peer.send(response(invite, 487, "ring4"));
        assertThat(user.next()).isEqualTo("provisional 180");
        assertThat(user.next()).isEqualTo("final 487");
        assertThat(branch(peer.receive(m -> method(m).equals("ACK")))).isEqualTo(branch(invite));
        assertThat(user.nextWithin(3 * T1)).isEmpty();
    }

    @Test
    void cancelAfterFinalSendsNothing_rfc3261_9_1() {
        ClientTransaction tx = send(Request.INVITE, "uac-5");
        String invite = peer.receive();
        peer.send(response(invite, 200, "ok5"));
        assertThat(user.next()).isEqualTo("final 200");

        tx.cancel();
        // An INVITE resend may have crossed the 200; nothing else may come.
        // On a loaded machine a second resend may already be in the socket: only a CANCEL is wrong.
        assertThat(peer.receiveWithin(4 * T1).filter(m -> !method(m).equals("INVITE"))).isEmpty();
        assertThat(peer.receiveWithin(4 * T1).filter(m -> !method(m).equals("INVITE"))).isEmpty();
    }

    @Test
    void nonInviteFinalReachesTu_rfc3261_17_1_2_2() {
        ClientTransaction tx = send(Request.OPTIONS, "uac-6");
        String options = peer.receive();
        assertThat(tx.isInvite()).isFalse();

        peer.send(response(options, 100, null));
        peer.send(response(options, 200, "opt6"));
        assertThat(user.next()).isEqualTo("final 200");
        peer.send(response(options, 200, "opt6"));
        assertThat(user.nextWithin(3 * T1)).isEmpty();
    }

    @Test
    void unansweredNonInviteIsResentPerTimerECappedAtT2ThenTimerF_rfc3261_17_1_2_2() {
        long start = System.nanoTime();
        send(Request.OPTIONS, "uac-7");
        List<Long> sentAt = new ArrayList<>();
        Optional<String> event = Optional.empty();
        while (event.isEmpty()) {
            peer.receiveWithin(20).ifPresent(m -> sentAt.add((System.nanoTime() - start) / 1_000_000));
            event = user.nextWithin(0);
        }

        assertThat(event).contains("timeout");
        // 0, T1, 3, 7, 15 T1, then every T2 = 8·T1: 23, 31, 39, 47, 55, 63 T1; Timer F at 64·T1.
        assertThat(sentAt).hasSize(11);
        for (int i = 5; i < sentAt.size(); i++) {
            assertThat(sentAt.get(i) - sentAt.get(i - 1)).isBetween(8L * T1 - 20, 8L * T1 + 40);
        }
        // RFC 4320: no 408 of ours goes to the peer.
        assertThat(peer.receiveWithin(4 * T1)).isEmpty();
    }

    @Test
    void responseMatchingNoClientTransactionIsDroppedAndCounted_rfc6026_7_2() {
        send(Request.OPTIONS, "uac-8");
        String options = peer.receive();
        peer.send(response(options, 200, "x").replace("CSeq: 1 OPTIONS", "CSeq: 1 INFO"));
        peer.send(response(options, 200, "y"));

        assertThat(user.next()).isEqualTo("final 200");
        assertThat(user.responses.peek().getHeader("To").toString()).contains("tag=y");
        assertThat(metrics.get("sip.malformed").tag("reason", "stray-response").functionCounter().count()).isEqualTo(1);
    }

    @Test
    void ackForA2xxIsStatelessWithANewBranchAndResentIdentically_rfc3261_13_2_2_4() throws Exception {
        send(Request.INVITE, "uac-9");
        String invite = peer.receive();
        peer.send(response(invite, 200, "ok9"));
        assertThat(user.next()).isEqualTo("final 200");

        Request ack = UacText.request(uas.messages, Request.ACK, "uac-9", peer.port());
        InetSocketAddress destination = new InetSocketAddress("127.0.0.1", peer.port());
        transport.sendAck(ack, destination, SipTransportKind.UDP);
        String first = peer.receive();
        transport.sendAck(ack, destination, SipTransportKind.UDP);
        String second = peer.receive();

        assertThat(method(first)).isEqualTo("ACK");
        assertThat(branch(first)).startsWith("z9hG4bK").isNotEqualTo(branch(invite));
        assertThat(second).isEqualTo(first);
    }

    @Test
    void viaHostIsTheAdvertisedAddressTowardsEveryPeer_rfc3261_18_1_1() {
        SipTransportSettings settings = SipTransportSettings.defaults().withAddress("127.0.0.1", 0)
                .withAdvertisedAddress("192.0.2.10");
        try (SipTransport advertised = SipTransport.start(settings, uas, uas.messages, new SimpleMeterRegistry())) {
            assertThat(advertised.viaHost(new InetSocketAddress("127.0.0.1", 5060))).isEqualTo("192.0.2.10");
            assertThat(advertised.viaHost(new InetSocketAddress("198.51.100.7", 5060))).isEqualTo("192.0.2.10");
            assertThat(advertised.port()).isEqualTo(advertised.udpPort());
        }
        // Bound to a specific loopback address, peers on 127.0.0.1 must still be told that address:
        // nothing listens on 127.0.0.1 (the --sip-address 127.0.0.41 defect).
        SipTransportSettings bound = SipTransportSettings.defaults().withAddress("127.0.0.41", 0);
        try (SipTransport transport = SipTransport.start(bound, uas, uas.messages, new SimpleMeterRegistry())) {
            assertThat(transport.viaHost(new InetSocketAddress("127.0.0.1", 5060))).isEqualTo("127.0.0.41");
        }
        SipTransportSettings wildcard = SipTransportSettings.defaults().withAddress("0.0.0.0", 0);
        try (SipTransport transport = SipTransport.start(wildcard, uas, uas.messages, new SimpleMeterRegistry())) {
            assertThat(transport.viaHost(new InetSocketAddress("127.0.0.1", 5060))).isEqualTo("127.0.0.1");
        }
        assertThat(ViaAddress.resolve(null, "10.0.0.5")).isEqualTo("10.0.0.5");
        assertThat(ViaAddress.resolve(null, "0.0.0.0")).matches("127\\.0\\.0\\.1|10\\..*|172\\..*|192\\.168\\..*");
        SipTransportSettings legacy = new SipTransportSettings("0.0.0.0", 5060, true, true, 4, 16, 10, 65535, 1 << 16, 500);
        assertThat(legacy.advertisedAddress()).isNull();
        assertThat(legacy.withT1Millis(50).withAdvertisedAddress("10.1.1.1").advertisedAddress()).isEqualTo("10.1.1.1");
    }
}
