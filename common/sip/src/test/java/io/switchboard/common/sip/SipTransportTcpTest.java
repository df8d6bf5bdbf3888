package io.switchboard.common.sip;

import static io.switchboard.common.sip.SipText.isResponseTo;
import static io.switchboard.common.sip.SipText.request;
import static io.switchboard.common.sip.SipText.status;
import static io.switchboard.common.sip.SipText.statusLine;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SipTransportTcpTest {
    private final TestUas uas = new TestUas();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private SipTransport transport;

    @BeforeEach
    void start() {
        transport = SipTransport.start(SipTransportSettings.defaults().withAddress("127.0.0.1", 0), uas, uas.messages, metrics);
    }

    @AfterEach
    void stop() {
        transport.close();
    }

    private static String options(TcpPeer peer, String callId) {
        return request("OPTIONS", "bob", "SIP/2.0/TCP 127.0.0.1:" + peer.port() + ";branch=z9hG4bK" + callId, callId, 1);
    }

    @Test
    void optionsOverTcpIsAnsweredOnTheSameConnection_rfc3261_18_2_2() {
        try (TcpPeer peer = new TcpPeer(transport.tcpPort())) {
            peer.write(options(peer, "tcp-1"));

            String response = peer.readMessage();
            assertThat(status(response)).isEqualTo(200);
            assertThat(isResponseTo(response, "tcp-1")).isTrue();
        }
    }

    @Test
    void pipelinedMessagesAndCrlfKeepAlivesAreFramed_rfc3261_18_3_rfc5626_4_4_1() {
        try (TcpPeer peer = new TcpPeer(transport.tcpPort())) {
            String register = request("REGISTER", "bob", "SIP/2.0/TCP 127.0.0.1:" + peer.port() + ";branch=z9hG4bKp2", "tcp-3", 1)
                    .replace("Content-Length: 0\r\n\r\n", "Content-Length: 4\r\n\r\nbody");
            peer.write("\r\n\r\n" + options(peer, "tcp-2") + "\r\n" + register);

            assertThat(peer.readRaw(2)).isEqualTo("\r\n");
            // Two workers answer the two requests, so the responses may come in either order.
            String first = peer.readMessage();
            String second = peer.readMessage();
            assertThat(isResponseTo(first, "tcp-2") && isResponseTo(second, "tcp-3")
                    || isResponseTo(first, "tcp-3") && isResponseTo(second, "tcp-2")).isTrue();
            assertThat(status(first)).isEqualTo(200);
            assertThat(status(second)).isEqualTo(200);
            assertThat(uas.seen).anySatisfy(tx -> assertThat(tx.request().getRawContent()).isEqualTo("body".getBytes()));
        }
    }

    @Test
    void messageSplitAcrossWritesIsReassembled_rfc3261_18_3() {
        try (TcpPeer peer = new TcpPeer(transport.tcpPort())) {
            String message = options(peer, "tcp-split");
            peer.write(message.substring(0, 40));
            peer.write(message.substring(40, message.length() - 3));
            peer.write(message.substring(message.length() - 3));

            assertThat(isResponseTo(peer.readMessage(), "tcp-split")).isTrue();
        }
    }

    @Test
    void missingContentLengthOnStreamGets400AndClose_rfc3261_18_3() {
        try (TcpPeer peer = new TcpPeer(transport.tcpPort())) {
            peer.write(options(peer, "tcp-nocl").replace("Content-Length: 0\r\n", ""));

            String response = peer.readMessage();
            assertThat(status(response)).isEqualTo(400);
            assertThat(statusLine(response)).contains("Content-Length");
            assertThat(peer.closedByServer()).isTrue();
        }
    }

    @Test
    void headerSectionAboveMaxMessageBytesClosesTheConnection_rfc3261_18_3() {
        try (TcpPeer peer = new TcpPeer(transport.tcpPort())) {
            peer.write(options(peer, "tcp-big").replace("Max-Forwards: 70\r\n",
                    "Max-Forwards: 70\r\nX-Padding: " + "a".repeat(64 * 1024) + "\r\n"));

            assertThat(peer.closedByServer()).isTrue();
        }
        try (TcpPeer next = new TcpPeer(transport.tcpPort())) {
            next.write(options(next, "tcp-after-big"));
            assertThat(status(next.readMessage())).isEqualTo(200);
        }
        assertThat(metrics.get("sip.malformed").tag("reason", "oversized").functionCounter().count()).isEqualTo(1);
    }
}
