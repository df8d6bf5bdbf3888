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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Overload is answered at the socket, not by the heap (DESIGN "SIP transport"; RFC 3261 §21.5.4). */
class OverloadTest {
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private SipTransport transport;

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.close();
        }
    }

    @Test
    void fullWorkerQueueAnswers503WithRetryAfter_rfc3261_21_5_4() {
        TestUas uas = new TestUas();
        SipTransportSettings settings = SipTransportSettings.defaults().withAddress("127.0.0.1", 0)
                .withWorkers(1, 2).withPerSourceRate(10_000);
        transport = SipTransport.start(settings, uas, uas.messages, metrics);
        try (UdpPeer peer = new UdpPeer("127.0.0.1", transport.udpPort())) {
            for (int i = 0; i < 8; i++) {
                peer.send(request("OPTIONS", "block", udpVia(peer.port(), "ovl" + i), "ovl-" + i, 1));
            }
            // One request on the worker, two in the queue: at least five of eight are refused.
            List<String> refused = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                refused.add(peer.receive());
            }
            assertThat(refused).allSatisfy(r -> {
                assertThat(status(r)).isEqualTo(503);
                assertThat(header(r, "Retry-After")).isEqualTo("5");
            });
            assertThat(metrics.get("sip.overload.rejected").functionCounter().count()).isGreaterThanOrEqualTo(5);

            uas.release.countDown();
            String answered = peer.receive(r -> status(r) == 200);
            assertThat(answered).contains("Call-ID: ovl-");
        }
    }

    @Test
    void floodingSourceDoesNotStarveOthers_fairnessUnderPressure() {
        CountDownLatch never = new CountDownLatch(1);
        SipMessages messages = new SipMessages("switchboard-test");
        // Requests from the flooder take 20 ms each on the single worker; 127.0.0.1 is answered at once.
        SipRequestHandler handler = transaction -> {
            if (transaction.flow().remote().getAddress().getHostAddress().equals("127.0.0.2")) {
                try {
                    never.await(20, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            transaction.respond(messages.response(transaction.request(), 200));
        };
        SipTransportSettings settings = SipTransportSettings.defaults().withAddress("127.0.0.1", 0)
                .withWorkers(1, 40).withPerSourceRate(5);
        transport = SipTransport.start(settings, handler, messages, metrics);
        try (UdpPeer flooder = new UdpPeer("127.0.0.2", transport.udpPort());
             UdpPeer caller = new UdpPeer("127.0.0.1", transport.udpPort())) {
            for (int i = 0; i < 300; i++) {
                flooder.send(request(Request.OPTIONS, "bob", udpVia(flooder.port(), "flood" + i), "flood-" + i, 1));
            }
            await().atMost(Duration.ofSeconds(3)).until(() ->
                    metrics.get("sip.fairness.dropped").functionCounter().count() > 0);

            caller.send(SipText.options(caller, "fair-1"));

            String response = caller.receive(r -> isResponseTo(r, "fair-1"));
            assertThat(status(response)).isEqualTo(200);
            assertThat(metrics.get("sip.overload.rejected").functionCounter().count()).isZero();
        }
    }

    @Test
    void singleSourceAtFullSpeedIsNotThrottledWhileQueueIsLow_fairness() {
        TestUas uas = new TestUas();
        SipTransportSettings settings = SipTransportSettings.defaults().withAddress("127.0.0.1", 0).withPerSourceRate(1);
        transport = SipTransport.start(settings, uas, uas.messages, metrics);
        try (UdpPeer peer = new UdpPeer("127.0.0.1", transport.udpPort())) {
            for (int i = 0; i < 50; i++) {
                peer.send(SipText.options(peer, "fast-" + i));
                assertThat(status(peer.receive())).isEqualTo(200);
            }
            assertThat(metrics.get("sip.fairness.dropped").functionCounter().count()).isZero();
        }
    }
}
