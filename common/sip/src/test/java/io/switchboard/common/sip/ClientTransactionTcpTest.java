package io.switchboard.common.sip;

import static io.switchboard.common.sip.SipText.header;
import static io.switchboard.common.sip.SipText.status;
import static io.switchboard.common.sip.UacText.branch;
import static io.switchboard.common.sip.UacText.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client transactions over TCP (RFC 3261 §17.1, §18.1.1, §18.3): no resends, responses on our connection. */
class ClientTransactionTcpTest {
    private static final int T1 = 50;

    private final TestUas uas = new TestUas();
    private final RecordingUser user = new RecordingUser();
    private SipTransport transport;
    private ServerSocket listener;

    @BeforeEach
    void start() throws IOException {
        SipTransportSettings settings = SipTransportSettings.defaults().withAddress("127.0.0.1", 0).withT1Millis(T1);
        transport = SipTransport.start(settings, uas, uas.messages, new SimpleMeterRegistry());
        listener = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
        listener.setSoTimeout(3000);
    }

    @AfterEach
    void stop() throws IOException {
        listener.close();
        transport.close();
    }

    private ClientTransaction send(String method, String callId) {
        Request request = UacText.request(uas.messages, method, callId, listener.getLocalPort());
        return transport.send(request, new InetSocketAddress("127.0.0.1", listener.getLocalPort()), SipTransportKind.TCP, user);
    }

    @Test
    void inviteOverTcpIsNotResentAndItsResponsesComeOnTheConnection_rfc3261_17_1_1_2() throws IOException {
        ClientTransaction tx = send(Request.INVITE, "tcp-uac-1");
        try (TcpPeer peer = new TcpPeer(listener.accept())) {
            String invite = peer.readMessage();
            assertThat(header(invite, "Via")).startsWith("SIP/2.0/TCP 127.0.0.1:" + transport.port() + ";branch=z9hG4bK");
            assertThat(peer.silentFor(4 * T1)).isTrue();
            assertThat(tx.flow().local()).isNotNull();

            peer.write(response(invite, 180, "t1"));
            assertThat(user.next()).isEqualTo("provisional 180");
            peer.write(response(invite, 200, "t1"));
            assertThat(user.next()).isEqualTo("final 200");

            // A second request to the same peer reuses the connection (§18.1.1).
            send(Request.OPTIONS, "tcp-uac-2");
            String options = peer.readMessage();
            assertThat(header(options, "Call-ID")).isEqualTo("tcp-uac-2");
            assertThat(branch(options)).isNotEqualTo(branch(invite));
            peer.write(response(options, 200, "t2"));
            assertThat(user.next()).isEqualTo("final 200");

            // An in-dialog request from the peer on that connection reaches the server side.
            peer.write(SipText.request("BYE", "alice", "SIP/2.0/TCP 127.0.0.1:" + listener.getLocalPort()
                    + ";branch=z9hG4bKbye1", "tcp-uac-1", 2));
            String ok = peer.readMessage();
            assertThat(status(ok)).isEqualTo(200);
            assertThat(header(ok, "CSeq")).isEqualTo("2 BYE");
        }
    }

    @Test
    void non2xxOverTcpIsAckedOnTheConnection_rfc3261_17_1_1_3() throws IOException {
        send(Request.INVITE, "tcp-uac-3");
        try (TcpPeer peer = new TcpPeer(listener.accept())) {
            String invite = peer.readMessage();
            peer.write(response(invite, 603, "t3"));
            assertThat(user.next()).isEqualTo("final 603");
            String ack = peer.readMessage();
            assertThat(ack).startsWith("ACK ");
            assertThat(branch(ack)).isEqualTo(branch(invite));
        }
    }

    @Test
    void refusedConnectionIsATransportError_rfc3261_17_1_4() throws IOException {
        int closedPort;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = gone.getLocalPort();
        }
        Request request = UacText.request(uas.messages, Request.OPTIONS, "tcp-uac-4", closedPort);
        transport.send(request, new InetSocketAddress("127.0.0.1", closedPort), SipTransportKind.TCP, user);

        assertThat(user.next()).isEqualTo("transport error");
    }
}
