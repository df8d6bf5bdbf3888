package io.switchboard.common.sip;

import static io.switchboard.common.sip.SipText.isResponseTo;
import static io.switchboard.common.sip.SipText.request;
import static io.switchboard.common.sip.SipText.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIP over TLS (RFC 3261 §26.2): the listener, its certificate from PEM files, reloads, client certificates. */
class SipTransportTlsTest {
    private final TestUas uas = new TestUas();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    @TempDir
    Path dir;
    private X509Bundle ca;
    private Path cert;
    private Path key;
    private SipTransport transport;

    @BeforeEach
    void certificates() throws Exception {
        ca = new CertificateBuilder().subject("CN=Switchboard test CA").setIsCertificateAuthority(true).ecp256().buildSelfSigned();
        cert = dir.resolve("server.pem");
        key = dir.resolve("server.key");
        writeServerCertificate("CN=first");
    }

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.close();
        }
    }

    private void writeServerCertificate(String subject) throws Exception {
        X509Bundle server = new CertificateBuilder().subject(subject).addSanIpAddress("127.0.0.1").ecp256()
                .addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
        // As a certificate renewal does: new files moved into place.
        Files.move(Files.writeString(dir.resolve("server.pem.new"), server.getCertificatePathPEM()), cert,
                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(Files.writeString(dir.resolve("server.key.new"), server.getPrivateKeyPEM()), key,
                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private SipTransport start(SipTls tls) {
        transport = SipTransport.start(SipTransportSettings.defaults().withAddress("127.0.0.1", 0), Optional.of(tls), uas,
                uas.messages, metrics);
        return transport;
    }

    private SipTls tls(SipTls.ClientAuth auth, Optional<Path> clientCa) {
        return new SipTls(0, cert, key, clientCa, auth, Duration.ofSeconds(2));
    }

    private SSLSocket connect(Optional<X509Bundle> clientCertificate) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = null;
        if (clientCertificate.isPresent()) {
            kmf = clientCertificate.get().toKeyManagerFactory();
        }
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), ca.toTrustManagerFactory().getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", transport.tlsPort());
        socket.startHandshake();
        return socket;
    }

    private static String options(TcpPeer peer, String callId) {
        return request("OPTIONS", "bob", "SIP/2.0/TLS 127.0.0.1:" + peer.port() + ";branch=z9hG4bK" + callId, callId, 1);
    }

    private static String subjectOf(SSLSocket socket) throws Exception {
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }

    @Test
    void optionsOverTlsIsAnsweredOnTheSameConnection_rfc3261_26_2() throws Exception {
        start(tls(SipTls.ClientAuth.NONE, Optional.empty()));
        assertThat(transport.port(SipTransportKind.TLS)).isEqualTo(transport.tlsPort()).isPositive();
        try (TcpPeer peer = new TcpPeer(connect(Optional.empty()))) {
            peer.write(options(peer, "tls-1"));
            String response = peer.readMessage();
            assertThat(status(response)).isEqualTo(200);
            assertThat(isResponseTo(response, "tls-1")).isTrue();
            assertThat(response).contains("SIP/2.0/TLS 127.0.0.1:" + peer.port());
        }
    }

    @Test
    void onlyTls12AndTls13AreOffered() {
        TlsContexts contexts = TlsContexts.load(tls(SipTls.ClientAuth.NONE, Optional.empty()));
        SSLEngine engine = contexts.server().newEngine(io.netty.buffer.ByteBufAllocator.DEFAULT);
        assertThat(List.of(engine.getEnabledProtocols())).isNotEmpty().allMatch(p -> p.equals("TLSv1.3") || p.equals("TLSv1.2"));
    }

    @Test
    void aRenewedCertificateServesNewConnectionsWhileOpenOnesStayUp() throws Exception {
        start(tls(SipTls.ClientAuth.NONE, Optional.empty()));
        try (SSLSocket first = connect(Optional.empty()); TcpPeer peer = new TcpPeer(first)) {
            assertThat(subjectOf(first)).isEqualTo("CN=first");
            writeServerCertificate("CN=renewed");
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
                try (SSLSocket next = connect(Optional.empty())) {
                    return subjectOf(next).equals("CN=renewed");
                }
            });
            peer.write(options(peer, "tls-kept"));
            assertThat(isResponseTo(peer.readMessage(), "tls-kept")).as("the connection opened before the renewal").isTrue();
        }
    }

    @Test
    void aCertificateThatCannotBeUsedFailsStartNamingTheFile() throws Exception {
        Path missing = dir.resolve("missing.key");
        assertThatThrownBy(() -> start(new SipTls(0, cert, missing, Optional.empty(), SipTls.ClientAuth.NONE,
                Duration.ofSeconds(2)))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.toString());
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n");
        assertThatThrownBy(() -> start(new SipTls(0, garbage, key, Optional.empty(), SipTls.ClientAuth.NONE,
                Duration.ofSeconds(2)))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot use " + garbage);
    }

    @Test
    void aFloodOfIdleAndHalfOpenTlsConnectionsIsCappedAndTimedOutWhileALegitimateClientIsServed() throws Exception {
        transport = SipTransport.start(SipTransportSettings.defaults().withAddress("127.0.0.1", 0)
                        .withStreams(new SipTransportSettings.StreamLimits(Duration.ofSeconds(2), 20, 1000)),
                Optional.of(new SipTls(0, cert, key, Optional.empty(), SipTls.ClientAuth.NONE, Duration.ofSeconds(1))), uas,
                uas.messages, metrics);
        List<java.net.Socket> flood = new java.util.ArrayList<>();
        try {
            // 30 connections from 127.0.0.1 that never start a handshake, and a few that send garbage as a ClientHello.
            for (int i = 0; i < 30; i++) {
                java.net.Socket s = new java.net.Socket("127.0.0.1", transport.tlsPort());
                if (i % 10 == 0) {
                    s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x40, 0x01});
                }
                flood.add(s);
            }
            await().atMost(Duration.ofSeconds(2)).until(() -> transport.openStreams() == 20);
            // A phone from another address is admitted and served beside the flood.
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, ca.toTrustManagerFactory().getTrustManagers(), null);
            SSLSocket phone = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", transport.tlsPort(),
                    java.net.InetAddress.getByName("127.0.0.2"), 0);
            phone.startHandshake();
            try (TcpPeer peer = new TcpPeer(phone)) {
                peer.write(options(peer, "tls-beside-flood"));
                assertThat(isResponseTo(peer.readMessage(), "tls-beside-flood")).isTrue();
                // The flood's handshakes time out (1 s): only the phone is left, and it keeps working.
                await().atMost(Duration.ofSeconds(5)).until(() -> transport.openStreams() == 1);
                peer.write(options(peer, "tls-after-flood"));
                assertThat(isResponseTo(peer.readMessage(), "tls-after-flood")).isTrue();
            }
        } finally {
            for (java.net.Socket s : flood) {
                s.close();
            }
        }
    }

    @Test
    void aRequiredClientCertificateMustBeSignedByTheConfiguredCa() throws Exception {
        Path caFile = Files.writeString(dir.resolve("clients.pem"), ca.getCertificatePEM());
        start(tls(SipTls.ClientAuth.REQUIRE, Optional.of(caFile)));
        X509Bundle trunk = new CertificateBuilder().subject("CN=trunk").ecp256().addExtendedKeyUsageClientAuth().buildIssuedBy(ca);
        try (TcpPeer peer = new TcpPeer(connect(Optional.of(trunk)))) {
            peer.write(options(peer, "tls-trunk"));
            assertThat(isResponseTo(peer.readMessage(), "tls-trunk")).isTrue();
        }
        X509Bundle otherCa = new CertificateBuilder().subject("CN=another CA").setIsCertificateAuthority(true).ecp256()
                .buildSelfSigned();
        X509Bundle stranger = new CertificateBuilder().subject("CN=stranger").ecp256().addExtendedKeyUsageClientAuth()
                .buildIssuedBy(otherCa);
        assertThatThrownBy(() -> {
            try (SSLSocket s = connect(Optional.of(stranger)); TcpPeer peer = new TcpPeer(s)) {
                // TLS 1.3: the client learns of the refusal at its first read.
                peer.write(options(peer, "tls-stranger"));
                peer.readMessage();
            }
        }).isInstanceOfAny(IOException.class, java.io.UncheckedIOException.class);
    }
}
