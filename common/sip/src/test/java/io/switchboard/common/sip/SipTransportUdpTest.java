package io.switchboard.common.sip;

import static io.switchboard.common.sip.SipText.header;
import static io.switchboard.common.sip.SipText.isResponseTo;
import static io.switchboard.common.sip.SipText.request;
import static io.switchboard.common.sip.SipText.status;
import static io.switchboard.common.sip.SipText.udpVia;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SipTransportUdpTest {
    private static final int T1 = 50;

    private final TestUas uas = new TestUas();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
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
        uas.release.countDown();
        transport.close();
    }

    @Test
    void optionsOverUdpIsAnswered200_rfc3261_18_2() {
        peer.send(SipText.options(peer, "opt-1"));

        String response = peer.receive();
        assertThat(status(response)).isEqualTo(200);
        assertThat(isResponseTo(response, "opt-1")).isTrue();
        assertThat(header(response, "To")).contains(";tag=");
        assertThat(transport.tcpPort()).isEqualTo(transport.udpPort());
        assertThat(metrics.get("sip.requests.received").tag("method", "OPTIONS").functionCounter().count()).isEqualTo(1);
        assertThat(metrics.get("sip.responses.sent").tag("status", "2xx").functionCounter().count()).isEqualTo(1);
    }

    @Test
    void rportAndReceivedAreFilledAndResponseGoesToSourcePort_rfc3581_4() {
        // sent-by names another host and a port nobody listens on: only rport brings the answer back.
        String via = "SIP/2.0/UDP 192.0.2.7:5999;branch=z9hG4bKrport1;rport";
        peer.send(request("OPTIONS", "bob", via, "rport-1", 1));

        String response = peer.receive();
        assertThat(status(response)).isEqualTo(200);
        assertThat(header(response, "Via"))
                .contains("rport=" + peer.port())
                .contains("received=127.0.0.1");
    }

    @Test
    void withoutRportResponseGoesToReceivedIpAndSentByPort_rfc3261_18_2_2() {
        try (UdpPeer listener = new UdpPeer("127.0.0.1", transport.udpPort())) {
            String via = "SIP/2.0/UDP 127.0.0.1:" + listener.port() + ";branch=z9hG4bKsentby1";
            peer.send(request("OPTIONS", "bob", via, "sentby-1", 1));

            String response = listener.receive();
            assertThat(status(response)).isEqualTo(200);
            assertThat(header(response, "Via")).doesNotContain("received=");
            assertThat(peer.receiveWithin(200)).isEmpty();
        }
    }

    @Test
    void retransmittedRegisterIsAnsweredFromCacheWithoutReachingTu_rfc3261_17_2_2() {
        String register = request("REGISTER", "bob", udpVia(peer.port(), "reg1"), "reg-1", 1);
        peer.send(register);
        String first = peer.receive();

        peer.send(register);
        String second = peer.receive();

        assertThat(second).isEqualTo(first);
        assertThat(uas.calls("reg-1")).isEqualTo(1);
        assertThat(metrics.get("sip.retransmissions.absorbed").functionCounter().count()).isEqualTo(1);
    }

    /** RFC 3261 §8.2.7: a challenge keeps no state, so a copy of the request is challenged again by the TU. */
    @Test
    void challengedRegisterLeavesNoTransactionAndItsCopyIsChallengedAgain_rfc3261_8_2_7() {
        String register = request("REGISTER", "challenge", udpVia(peer.port(), "chal1"), "chal-1", 1);
        peer.send(register);
        assertThat(status(peer.receive())).isEqualTo(401);
        await().atMost(Duration.ofSeconds(3)).until(() -> metrics.get("sip.transactions.active").gauge().value() == 0);

        peer.send(register);
        assertThat(status(peer.receive())).isEqualTo(401);
        assertThat(uas.calls("chal-1")).isEqualTo(2);
        assertThat(metrics.get("sip.retransmissions.absorbed").functionCounter().count()).isZero();
    }

    @Test
    void retransmissionWhileTuIsBusyIsDroppedAndTuRunsOnce_rfc3261_17_2_2() {
        String register = request("REGISTER", "block", udpVia(peer.port(), "busy1"), "busy-1", 1);
        peer.send(register);
        await().atMost(Duration.ofSeconds(3)).until(() -> uas.calls("busy-1") == 1);
        peer.send(register);
        await().atMost(Duration.ofSeconds(3)).until(() ->
                metrics.get("sip.retransmissions.absorbed").functionCounter().count() == 1);
        assertThat(peer.receiveWithin(100)).isEmpty();

        uas.release.countDown();
        assertThat(status(peer.receive())).isEqualTo(200);
        assertThat(uas.calls("busy-1")).isEqualTo(1);
    }

    @Test
    void invite501IsRetransmittedPerTimerGUntilAck_rfc3261_17_2_1() {
        String branch = udpVia(peer.port(), "inv501");
        peer.send(request("INVITE", "bob", branch, "inv-1", 1));
        String first = peer.receive(r -> status(r) == 501);

        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            assertThat(peer.receive(r -> status(r) >= 200)).isEqualTo(first);
        }
        // Timer G: T1, 2·T1, 4·T1 after the first send.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(6 * T1));

        String toTag = header(first, "To");
        peer.send(request("ACK", "bob", branch, "inv-1", 1).replace("To: <sip:bob@127.0.0.1>", "To: " + toTag));
        // A resend already in flight may still arrive; after that, silence for more than T2.
        peer.receiveWithin(8 * T1);
        assertThat(peer.receiveWithin(10 * T1)).isEmpty();
        assertThat(uas.calls("inv-1")).isEqualTo(1);
        assertThat(uas.seen.get(uas.seen.size() - 1).request())
                .as("the parsed INVITE is let go once ACKed (Confirmed state keeps only the key and bytes)").isNull();
    }

    @Test
    void inviteRetransmissionAfterFinalGetsTheFinalAgain_rfc3261_17_2_1() {
        String invite = request("INVITE", "bob", udpVia(peer.port(), "inv2"), "inv-2", 1);
        peer.send(invite);
        String first = peer.receive(r -> status(r) == 501);
        peer.send(invite);
        assertThat(peer.receive(r -> status(r) == 501)).isEqualTo(first);
        assertThat(uas.calls("inv-2")).isEqualTo(1);
    }

    @Test
    void cancelMatchingNothingGets481_rfc3261_9_2() {
        peer.send(request("CANCEL", "bob", udpVia(peer.port(), "nothing"), "cancel-1", 1));

        String response = peer.receive();
        assertThat(status(response)).isEqualTo(481);
        assertThat(header(response, "CSeq")).isEqualTo("1 CANCEL");
    }

    @Test
    void cancelOfPendingInviteGets200AndInviteGets487_rfc3261_9_2() {
        String via = udpVia(peer.port(), "pending");
        peer.send(request("INVITE", "block", via, "cancel-2", 1));
        await().atMost(Duration.ofSeconds(3)).until(() -> uas.calls("cancel-2") == 1);

        peer.send(request("CANCEL", "block", via, "cancel-2", 1));

        assertThat(status(peer.receive(r -> header(r, "CSeq").equals("1 CANCEL")))).isEqualTo(200);
        assertThat(status(peer.receive(r -> header(r, "CSeq").equals("1 INVITE") && status(r) >= 200))).isEqualTo(487);
        // What a TU still working on the INVITE (a media offer in flight) reads before it places a call.
        assertThat(uas.seen.stream().filter(t -> "INVITE".equals(t.request() == null ? "INVITE" : t.request().getMethod()))
                .mapToInt(ServerTransaction::finalStatus).max().orElse(0)).isEqualTo(487);
        uas.release.countDown();
        // The TU's late 501 is discarded: the INVITE transaction already has its final response.
        assertThat(peer.receiveWithin(3 * T1).filter(r -> status(r) == 501)).isEmpty();
    }

    @Test
    void ackMatchingNothingGoesToTheHandlerAndIsNeverAnswered_rfc3261_17_2_3() {
        // An ACK for a 2xx matches no transaction; the dialog layer (the handler) decides.
        peer.send(request("ACK", "bob", udpVia(peer.port(), "stray-ack"), "ack-1", 1));
        await().atMost(Duration.ofSeconds(3)).until(() -> uas.calls("ack-1") == 1);
        peer.send(SipText.options(peer, "after-ack"));

        assertThat(isResponseTo(peer.receive(), "after-ack")).isTrue();
    }

    @Test
    void handlerFailureIsAnswered500_rfc3261_21_5_1() {
        peer.send(request("OPTIONS", "boom", udpVia(peer.port(), "boom1"), "boom-1", 1));

        assertThat(status(peer.receive())).isEqualTo(500);
    }

    @Test
    void strayResponseIsDroppedAndCounted_rfc6026_7() {
        peer.send("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKx\r\nCall-ID: x\r\n"
                + "CSeq: 1 OPTIONS\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nContent-Length: 0\r\n\r\n");
        await().atMost(Duration.ofSeconds(3)).until(() ->
                metrics.get("sip.malformed").tag("reason", "stray-response").functionCounter().count() == 1);
    }

    @Test
    void unansweredTransactionExpiresAfter64T1() {
        peer.send(request("OPTIONS", "block", udpVia(peer.port(), "silent"), "silent-1", 1));
        await().atMost(Duration.ofSeconds(3)).until(() -> uas.calls("silent-1") == 1);
        assertThat(metrics.get("sip.transactions.active").gauge().value()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() ->
                metrics.get("sip.transactions.active").gauge().value() == 0);
    }
}
