package io.switchboard.common.sip;

import static io.switchboard.common.sip.SipText.header;
import static io.switchboard.common.sip.SipText.isResponseTo;
import static io.switchboard.common.sip.SipText.request;
import static io.switchboard.common.sip.SipText.status;
import static io.switchboard.common.sip.SipText.statusLine;
import static io.switchboard.common.sip.SipText.udpVia;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transport refuses, statelessly and before any handler, what no role on it can serve
 * (RFC 3261 §8.2.2, §21.5.6) and answers 400 to what RFC 4475 §3.1.2.7, §3.1.2.8 and §3.3.8 call
 * broken; the handler never sees those requests. Over a real UDP socket, like {@link HostileInputTest}.
 */
class RequestValidationTest {
    private static final TestUas uas = new TestUas();
    private static final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private static SipTransport transport;
    private static UdpPeer peer;

    @BeforeAll
    static void start() {
        transport = SipTransport.start(SipTransportSettings.defaults().withAddress("127.0.0.1", 0), uas, uas.messages, metrics);
        peer = new UdpPeer("127.0.0.1", transport.udpPort());
    }

    @AfterAll
    static void stop() {
        peer.close();
        transport.close();
    }

    private static String options(String callId) {
        return request("OPTIONS", "bob", udpVia(peer.port(), callId), callId, 1);
    }

    @Test
    void versionOtherThanSip20Gets505_rfc3261_21_5_6() {
        double before = unsupported("sip-version");
        peer.send(options("vers-1").replace("SIP/2.0\r\n", "SIP/7.0\r\n"));

        String response = peer.receive(r -> isResponseTo(r, "vers-1"));
        assertThat(statusLine(response)).isEqualTo("SIP/2.0 505 Version Not Supported");
        assertThat(header(response, "Via")).contains("received=127.0.0.1");
        assertThat(unsupported("sip-version")).isEqualTo(before + 1);
        assertThat(uas.calls("vers-1")).isZero();
    }

    @Test
    void lowerCaseSipVersionIsStillSip20_rfc3261_7_1() {
        peer.send(options("vers-2").replace("SIP/2.0\r\n", "sip/2.0\r\n"));

        assertThat(status(peer.receive(r -> isResponseTo(r, "vers-2")))).isEqualTo(200);
    }

    @Test
    void unknownRequestUriSchemeGets416_rfc3261_8_2_2_1() {
        double before = unsupported("uri-scheme");
        peer.send(options("scheme-1").replace("sip:bob@127.0.0.1 SIP/2.0", "soap.beep://192.0.2.103:3002 SIP/2.0"));

        String response = peer.receive(r -> isResponseTo(r, "scheme-1"));
        assertThat(statusLine(response)).isEqualTo("SIP/2.0 416 Unsupported URI Scheme");
        assertThat(unsupported("uri-scheme")).isEqualTo(before + 1);
        assertThat(uas.calls("scheme-1")).isZero();
    }

    @Test
    void sipsRequestUriIsServed_rfc3261_8_2_2_1() {
        peer.send(options("scheme-2").replace("sip:bob@", "sips:bob@"));

        assertThat(status(peer.receive(r -> isResponseTo(r, "scheme-2")))).isEqualTo(200);
    }

    @Test
    void ackWithUnknownSchemeIsNeverAnswered_rfc3261_17_1_1_3() {
        peer.send(request("ACK", "bob", udpVia(peer.port(), "scheme-ack"), "scheme-ack", 1)
                .replace("sip:bob@127.0.0.1 SIP/2.0", "nobodyKnowsThisScheme:opaque SIP/2.0"));
        peer.send(options("after-scheme-ack"));

        // Same socket, same event loop: an answer to the ACK would arrive before the OPTIONS' 200.
        assertThat(isResponseTo(peer.receive(), "after-scheme-ack")).isTrue();
    }

    @Test
    void unknownRequiredOptionTagsGet420ListingThemInUnsupported_rfc3261_8_2_2_3() {
        double before = unsupported("option-tag");
        peer.send(options("require-1").replace("Max-Forwards: 70\r\n",
                "Max-Forwards: 70\r\nRequire: nothingSupportsThis, nothingSupportsThisEither\r\n"
                        + "Proxy-Require: noProxiesSupportThis\r\n"));

        String response = peer.receive(r -> isResponseTo(r, "require-1"));
        assertThat(statusLine(response)).isEqualTo("SIP/2.0 420 Bad Extension");
        assertThat(response).contains("nothingSupportsThis").contains("nothingSupportsThisEither")
                .doesNotContain("noProxiesSupportThis");
        assertThat(header(response, "Unsupported")).isNotNull();
        assertThat(unsupported("option-tag")).isEqualTo(before + 1);
        assertThat(uas.calls("require-1")).isZero();
    }

    @Test
    void proxyRequireAloneIsNotOurs_rfc3261_8_2_2_3() {
        peer.send(options("require-2").replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nProxy-Require: foo\r\n"));

        assertThat(status(peer.receive(r -> isResponseTo(r, "require-2")))).isEqualTo(200);
    }

    @Test
    void requiringAnExtensionWeImplementIsNotRefused_rfc3891_rfc4028() {
        peer.send(options("require-ours").replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nRequire: replaces, timer\r\n"));

        assertThat(status(peer.receive(r -> isResponseTo(r, "require-ours")))).isEqualTo(200);
    }

    @Test
    void cancelWithRequireIsProcessedNormally_rfc3261_8_2_2_3() {
        peer.send(request("CANCEL", "bob", udpVia(peer.port(), "require-cancel"), "require-cancel", 1)
                .replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nRequire: foo\r\n"));

        assertThat(status(peer.receive(r -> isResponseTo(r, "require-cancel")))).isEqualTo(481);
    }

    @Test
    void secondCallIdInCompactFormGets400NamingIt_rfc3261_7_3_1() {
        double before = malformed("duplicate-call-id");
        peer.send(options("dup-1").replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\ni: dup-2\r\n"));

        String response = peer.receive(r -> r.contains("dup-1") || r.contains("dup-2"));
        assertThat(statusLine(response)).isEqualTo("SIP/2.0 400 Bad Request - duplicate Call-ID");
        assertThat(malformed("duplicate-call-id")).isEqualTo(before + 1);
        assertThat(uas.calls("dup-1") + uas.calls("dup-2")).isZero();
    }

    @Test
    void secondCSeqGets400NamingIt_rfc4475_3_3_8() {
        peer.send(options("dup-3").replace("CSeq: 1 OPTIONS\r\n", "CSeq: 1 OPTIONS\r\nCSeq: 59 OPTIONS\r\n"));

        assertThat(statusLine(peer.receive(r -> isResponseTo(r, "dup-3")))).isEqualTo("SIP/2.0 400 Bad Request - duplicate CSeq");
    }

    @Test
    void requestUriInAngleBracketsGets400_rfc4475_3_1_2_7() {
        double before = malformed("malformed-request-line");
        peer.send(request("INVITE", "bob", udpVia(peer.port(), "ruri-1"), "ruri-1", 1)
                .replace("INVITE sip:bob@127.0.0.1 SIP/2.0", "INVITE <sip:bob@127.0.0.1> SIP/2.0"));

        String response = peer.receive(r -> isResponseTo(r, "ruri-1"));
        assertThat(statusLine(response)).isEqualTo("SIP/2.0 400 Bad Request - malformed Request-Line");
        assertThat(header(response, "CSeq")).isEqualTo("1 INVITE");
        assertThat(header(response, "To")).contains(";tag=");
        assertThat(malformed("malformed-request-line")).isEqualTo(before + 1);
    }

    @Test
    void requestUriWithSpaceGets400_rfc4475_3_1_2_8() {
        peer.send(options("ruri-2").replace("sip:bob@127.0.0.1 SIP/2.0", "sip:bob@127.0.0.1; lr SIP/2.0"));

        assertThat(status(peer.receive(r -> isResponseTo(r, "ruri-2")))).isEqualTo(400);
    }

    @Test
    void ackWithMalformedRequestUriIsDropped_rfc3261_17_1_1_3() {
        double before = malformed("unparseable");
        peer.send(request("ACK", "bob", udpVia(peer.port(), "ruri-ack"), "ruri-ack", 1)
                .replace("ACK sip:bob@127.0.0.1 SIP/2.0", "ACK <sip:bob@127.0.0.1> SIP/2.0"));
        peer.send(options("after-ruri-ack"));

        assertThat(isResponseTo(peer.receive(), "after-ruri-ack")).isTrue();
        assertThat(malformed("unparseable")).isEqualTo(before + 1);
    }

    private static double unsupported(String reason) {
        return metrics.get("sip.unsupported").tag("reason", reason).functionCounter().count();
    }

    private static double malformed(String reason) {
        return metrics.get("sip.malformed").tag("reason", reason).functionCounter().count();
    }
}
