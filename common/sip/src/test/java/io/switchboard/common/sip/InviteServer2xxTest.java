package io.switchboard.common.sip;

import static io.switchboard.common.sip.SipText.header;
import static io.switchboard.common.sip.SipText.request;
import static io.switchboard.common.sip.SipText.status;
import static io.switchboard.common.sip.SipText.udpVia;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sip.address.SipURI;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The UAS side of an accepted INVITE (RFC 3261 §13.3.1.4, RFC 6026 §7.1): our 2xx is resent until
 * its ACK (new branch) arrives, the ACK reaches the TU, and without ACK the TU hears of it after
 * 64·T1; a CANCEL tells the TU after the 487 (§9.2). T1 = 50 ms.
 */
class InviteServer2xxTest {
    private static final int T1 = 50;

    private final SipMessages messages = new SipMessages("switchboard-test");
    private final BlockingQueue<ServerTransaction> acks = new LinkedBlockingQueue<>();
    private final CountDownLatch ackTimedOut = new CountDownLatch(1);
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final List<String> callbackThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private SipTransport transport;
    private UdpPeer peer;

    /** INVITE to user "ring" rings (180) and waits for a CANCEL; any other INVITE is answered 200. */
    private void onRequest(ServerTransaction tx) {
        Request request = tx.request();
        switch (request.getMethod()) {
            case Request.ACK -> {
                tx.respond(messages.response(request, 200));
                acks.add(tx);
            }
            case Request.INVITE -> {
                if ("ring".equals(((SipURI) request.getRequestURI()).getUser())) {
                    tx.onCancel(() -> {
                        callbackThreads.add(Thread.currentThread().getName());
                        cancelled.countDown();
                    });
                    tx.respond(messages.response(request, 180));
                } else {
                    tx.onAckTimeout(() -> {
                        callbackThreads.add(Thread.currentThread().getName());
                        ackTimedOut.countDown();
                    });
                    tx.respond(messages.response(request, 200));
                }
            }
            default -> tx.respond(messages.response(request, 200));
        }
    }

    @BeforeEach
    void start() {
        SipTransportSettings settings = SipTransportSettings.defaults().withAddress("127.0.0.1", 0).withT1Millis(T1);
        transport = SipTransport.start(settings, this::onRequest, messages, new SimpleMeterRegistry());
        peer = new UdpPeer("127.0.0.1", transport.udpPort());
    }

    @AfterEach
    void stop() {
        peer.close();
        transport.close();
    }

    private String ackFor(String ok, String branch, String callId) {
        return request("ACK", "bob", udpVia(peer.port(), branch), callId, 1)
                .replace("To: <sip:bob@127.0.0.1>", "To: " + header(ok, "To"));
    }

    @Test
    void twoHundredIsResentUntilAckWithNewBranchWhichReachesTheTu_rfc3261_13_3_1_4() throws Exception {
        peer.send(request("INVITE", "bob", udpVia(peer.port(), "inv2xx1"), "uas-1", 1));
        String ok = peer.receive(r -> status(r) == 200);
        long first = System.nanoTime();
        List<Long> resentAt = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            assertThat(peer.receive(r -> status(r) == 200)).isEqualTo(ok);
            resentAt.add((System.nanoTime() - first) / 1_000_000);
        }
        // T1, 3·T1, 7·T1 after the first send (interval doubling towards T2).
        assertThat(resentAt.get(0)).isGreaterThanOrEqualTo(T1 - 10);
        assertThat(resentAt.get(1)).isGreaterThanOrEqualTo(3 * T1 - 10);
        assertThat(resentAt.get(2)).isGreaterThanOrEqualTo(7 * T1 - 10);

        peer.send(ackFor(ok, "ack-new-1", "uas-1"));
        ServerTransaction ack = acks.poll(3, TimeUnit.SECONDS);
        assertThat(ack).isNotNull();
        assertThat(ack.request().getMethod()).isEqualTo(Request.ACK);
        assertThat(ack.flow().remote().getPort()).isEqualTo(peer.port());

        // Resends already in flight may still come (more than one on a loaded machine); then nothing for
        // longer than T2, and the ACK got no answer.
        drainInFlight();
        assertThat(peer.receiveWithin(12 * T1)).isEmpty();
        assertThat(ackTimedOut.await(64L * T1 + 500, TimeUnit.MILLISECONDS)).isFalse();
    }

    @Test
    void ackReusingTheInviteBranchAlsoStopsTheResends_rfc6026_notes2() throws Exception {
        String via = udpVia(peer.port(), "inv2xx2");
        peer.send(request("INVITE", "bob", via, "uas-2", 1));
        String ok = peer.receive(r -> status(r) == 200);

        peer.send(ackFor(ok, "inv2xx2", "uas-2"));
        assertThat(acks.poll(3, TimeUnit.SECONDS)).isNotNull();
        drainInFlight();
        assertThat(peer.receiveWithin(12 * T1)).isEmpty();
    }

    /**
     * Takes the 2xx resends sent before the ACK was handled: they come less than 2 T1 (plus a tick) apart. Resends
     * that went on after the ACK would come ever further apart (up to T2, 8 T1 here), so the silence
     * asserted after this still catches them.
     */
    private void drainInFlight() {
        // Resends are driven by the transaction table's 100 ms tick, so two may come up to 2 T1 + 100 ms apart,
        // more on a loaded machine (the CI's 2 cores flaked at that bound); 3 T1 + 200 ms is still below T2
        // (8 T1), the gap of resends that went on after the ACK, which the silence after this catches.
        while (peer.receiveWithin(3 * T1 + 200).isPresent()) {
            // discard
        }
    }

    @Test
    void withoutAckTheTuIsToldAfter64T1_rfc3261_13_3_1_4() throws Exception {
        long start = System.nanoTime();
        peer.send(request("INVITE", "bob", udpVia(peer.port(), "inv2xx3"), "uas-3", 1));
        int sends = 0;
        while (ackTimedOut.getCount() > 0) {
            if (peer.receiveWithin(20).filter(r -> status(r) == 200).isPresent()) {
                sends++;
            }
        }
        long elapsed = (System.nanoTime() - start) / 1_000_000;

        assertThat(elapsed).isGreaterThanOrEqualTo(64L * T1 - 10);
        // 0, 1, 3, 7, 15, then every T2 = 8·T1: 23, 31, 39, 47, 55, 63 (·T1).
        assertThat(sends).isBetween(10, 11);
        assertThat(callbackThreads).allSatisfy(t -> assertThat(t).startsWith("sip-worker"));
        peer.receiveWithin(4 * T1);
        assertThat(peer.receiveWithin(10 * T1)).isEmpty();
    }

    @Test
    void cancelTellsTheTuAfterThe487_rfc3261_9_2() throws Exception {
        String via = udpVia(peer.port(), "ring1");
        peer.send(request("INVITE", "ring", via, "uas-4", 1));
        assertThat(status(peer.receive(r -> status(r) == 180))).isEqualTo(180);

        peer.send(request("CANCEL", "ring", via, "uas-4", 1));
        assertThat(status(peer.receive(r -> header(r, "CSeq").equals("1 CANCEL")))).isEqualTo(200);
        assertThat(status(peer.receive(r -> header(r, "CSeq").equals("1 INVITE") && status(r) >= 200))).isEqualTo(487);
        assertThat(cancelled.await(3, TimeUnit.SECONDS)).isTrue();
        assertThat(callbackThreads).singleElement().satisfies(t -> assertThat(t).startsWith("sip-worker"));
    }
}
