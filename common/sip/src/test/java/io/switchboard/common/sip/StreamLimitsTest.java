package io.switchboard.common.sip;

import static io.switchboard.common.sip.SipText.isResponseTo;
import static io.switchboard.common.sip.SipText.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TCP/TLS defences (RFC 5626 §4.4.1 keep-alives aside): a message dripped in byte by byte
 * (slow loris) and a connection that never speaks are closed after the read timeout, while a
 * legitimate client beside them is served; the per-source cap closes connections beyond it at once.
 */
class StreamLimitsTest {
    private static final Duration READ_TIMEOUT = Duration.ofMillis(600);
    private final TestUas uas = new TestUas();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private SipTransport transport;

    @BeforeEach
    void start() {
        transport = SipTransport.start(SipTransportSettings.defaults().withAddress("127.0.0.1", 0)
                .withStreams(new SipTransportSettings.StreamLimits(READ_TIMEOUT, 3, 100)), uas, uas.messages, metrics);
    }

    @AfterEach
    void stop() {
        transport.close();
    }

    private static String options(TcpPeer peer, String callId) {
        return request("OPTIONS", "bob", "SIP/2.0/TCP 127.0.0.1:" + peer.port() + ";branch=z9hG4bK" + callId, callId, 1);
    }

    @Test
    void aMessageDrippedSlowerThanTheReadTimeoutIsCutOffAndTheNextClientIsServed() throws Exception {
        try (TcpPeer loris = new TcpPeer(transport.tcpPort())) {
            String message = options(loris, "loris");
            long start = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < message.length() && !closed; i++) {
                try {
                    loris.write(message.substring(i, i + 1));
                } catch (java.io.UncheckedIOException e) {
                    closed = true;
                }
                Thread.sleep(100);
                if (Duration.ofNanos(System.nanoTime() - start).compareTo(READ_TIMEOUT.multipliedBy(4)) > 0) {
                    break;
                }
            }
            assertThat(closed || loris.closedByServer()).as("the dripping connection was closed").isTrue();
            try (TcpPeer client = new TcpPeer(transport.tcpPort())) {
                client.write(options(client, "legit"));
                assertThat(isResponseTo(client.readMessage(), "legit")).isTrue();
            }
        }
        assertThat(metrics.find("sip.malformed").tag("reason", "too-slow").functionCounter()).isNotNull();
    }

    @Test
    void aConnectionThatNeverSpeaksIsClosedButKeepAlivesAfterAMessageKeepItOpen_rfc5626_4_4_1() throws Exception {
        try (TcpPeer silent = new TcpPeer(transport.tcpPort()); TcpPeer phone = new TcpPeer(transport.tcpPort())) {
            phone.write(options(phone, "first"));
            assertThat(isResponseTo(phone.readMessage(), "first")).isTrue();
            for (int i = 0; i < 8; i++) { // 1.6 s of pings, more than twice the read timeout
                phone.write("\r\n\r\n");
                assertThat(phone.readRaw(2)).isEqualTo("\r\n");
                Thread.sleep(200);
            }
            phone.write(options(phone, "second"));
            assertThat(isResponseTo(phone.readMessage(), "second")).as("the pinging phone stays connected").isTrue();
            assertThat(silent.closedByServer()).as("the silent connection").isTrue();
        }
    }

    @Test
    void connectionsBeyondThePerSourceCapAreClosedAtOnceAndAdmittedAgainWhenOneCloses() {
        List<TcpPeer> peers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                peers.add(new TcpPeer(transport.tcpPort()));
            }
            await().atMost(Duration.ofSeconds(2)).until(() -> transport.openStreams() == 3);
            try (TcpPeer fourth = new TcpPeer(transport.tcpPort())) {
                assertThat(fourth.closedByServer()).isTrue();
            }
            peers.remove(0).close();
            await().atMost(Duration.ofSeconds(2)).until(() -> transport.openStreams() == 2);
            try (TcpPeer again = new TcpPeer(transport.tcpPort())) {
                again.write(options(again, "admitted"));
                assertThat(isResponseTo(again.readMessage(), "admitted")).isTrue();
            }
        } finally {
            peers.forEach(TcpPeer::close);
        }
    }
}
