package io.switchboard.signaling.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.sip.RawRequest;
import io.switchboard.common.sip.SipMessages;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Both readers of a REGISTER give the registrar the same fields (RFC 3261 §10.2, §20.10): the
 * contact URI text above all, since bindings are matched by it, and the raw reader leaves to the
 * RI what it cannot read alike.
 */
class RegisterRequestTest {
    private final SipMessages sip = new SipMessages("test");

    private static String register(String contactLines) {
        return "REGISTER sip:switchboard SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKabc;rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: \"Alice\" <sip:1001@switchboard>;tag=abc\r\n"
                + "To: \"Alice\" <sip:1001@switchboard>\r\n"
                + "Call-ID: reg-1@192.0.2.10\r\n"
                + "CSeq: 12 REGISTER\r\n"
                + contactLines
                + "Expires: 600\r\n"
                + "Authorization: Digest username=\"1001\", realm=\"switchboard\", nonce=\"n1\", uri=\"sip:switchboard\", "
                + "response=\"abcd\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"c\"\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private RegisterRequest viaRi(String text) throws Exception {
        return RegisterRequest.fromSip(sip.messages().createRequest(text));
    }

    private static RegisterRequest viaRaw(String text) {
        RawRequest raw = RawRequest.parse(text.getBytes(StandardCharsets.UTF_8));
        assertThat(raw).as("plain shape").isNotNull();
        return RegisterRequest.fromRaw(raw);
    }

    /** Contacts as baresip, Linphone, SIPp and hand-written tests send them. */
    @ParameterizedTest
    @ValueSource(strings = {
            "Contact: <sip:1001-0x55d1@192.0.2.10:5062;transport=udp>;expires=3600;+sip.instance=\"<urn:uuid:1a2b-3c>\";reg-id=1\r\n",
            "Contact: <sip:1001@192.0.2.10:5062;transport=udp;ob>;+sip.instance=\"<urn:uuid:9f>\"\r\n",
            "Contact: \"Alice\" <sip:1001@192.0.2.10:5062>;q=0.5;expires=60\r\n",
            "Contact: Alice Smith <sip:1001@host.example>\r\n",
            "Contact: sip:1001@192.0.2.10:5062;expires=120\r\n",
            "Contact: <sip:1001@192.0.2.10:1>, <sip:1001@192.0.2.10:2>;expires=30\r\n",
            "Contact: <sip:1001@192.0.2.10:1>\r\nContact: <sips:1001@192.0.2.10:2;transport=tls>\r\n",
            "Contact: *\r\n",
            "",
    })
    void rawAndRiReadersAgree_rfc3261_10_2(String contacts) throws Exception {
        String text = register(contacts);
        RegisterRequest ri = viaRi(text);
        RegisterRequest raw = viaRaw(text);
        assertThat(raw).isNotNull();
        assertThat(raw.aor()).isEqualTo("1001").isEqualTo(ri.aor());
        assertThat(raw.callId()).isEqualTo(ri.callId());
        assertThat(raw.cseq()).isEqualTo(12).isEqualTo(ri.cseq());
        assertThat(raw.headerExpires()).isEqualTo(600).isEqualTo(ri.headerExpires());
        assertThat(raw.contacts()).isEqualTo(ri.contacts());
        assertThat(raw.credentials()).isEqualTo(ri.credentials());
        assertThat(raw.credentials().get(0).nonce()).isEqualTo("n1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Contact: <sip:1001@[2001:db8::1]:5062>\r\n",
            "Contact: <sip:1001@192.0.2.10?Subject=hi>\r\n",
            "Contact: <sip:10%301@192.0.2.10>\r\n",
            "Contact: \"A, B\" <sip:1001@192.0.2.10>\r\n",
            "Contact: <SIP:1001@192.0.2.10>\r\n",
            "Contact: <sip:1001@192.0.2.10>;expires=soon\r\n",
            "Contact: <sip:1001@192.0.2.10>;foo=\"bar\"\r\n",
    })
    void contactsTheRawReaderCannotReadAlikeGoToTheRi(String contact) {
        assertThat(RegisterRequest.fromRaw(RawRequest.parse(register(contact).getBytes(StandardCharsets.UTF_8)))).isNull();
    }

    @Test
    void credentialsWithAQuotedPairGoToTheRi_rfc3261_25_1() {
        String text = register("").replace("nonce=\"n1\"", "nonce=\"n\\\"1\"");
        assertThat(RegisterRequest.fromRaw(RawRequest.parse(text.getBytes(StandardCharsets.UTF_8)))).isNull();
    }

    @Test
    void aFromTheRawReaderCannotReadGoesToTheRi_rfc3261_20_20() {
        String text = register("").replace("From: \"Alice\" <sip:1001@switchboard>;tag=abc", "From: \"Alice <sip:1001@switchboard;tag=abc");
        assertThat(RegisterRequest.fromRaw(RawRequest.parse(text.getBytes(StandardCharsets.UTF_8)))).isNull();
    }

    @Test
    void aToWithoutAUserHasNoAor_rfc3261_10_3_step4() throws Exception {
        String text = register("").replace("To: \"Alice\" <sip:1001@switchboard>", "To: <sip:switchboard>");
        assertThat(viaRaw(text).aor()).isNull();
        assertThat(viaRi(text).aor()).isNull();
    }
}
