package io.switchboard.common.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MalformedViaTest {
    private static final String BADINV01 = "INVITE sip:user@example.com SIP/2.0\r\n"
            + "To: sip:j.user@example.com\r\n"
            + "From: sip:caller@example.net;tag=134161461246\r\n"
            + "Max-Forwards: 7\r\n"
            + "Call-ID: badinv01.0ha0isndaksdjasdf3234nas\r\n"
            + "CSeq: 8 INVITE\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.15;;,;,,\r\n"
            + "Contact: \"Joe\" <sip:joe@example.org>;;;;\r\n"
            + "Content-Length: 0\r\n\r\n";

    @Test
    void aRequestWhoseViaCannotBeParsedIsAnswerable400_rfc4475_3_1_2_1() {
        DecodedRequest decoded = new SipCodec().decode(BADINV01.getBytes(StandardCharsets.US_ASCII), SipTransportKind.UDP);
        assertThat(decoded.wellFormed()).isFalse();
        assertThat(decoded.answerable()).isTrue();
        assertThat(decoded.problem()).isEqualTo(MalformedSip.MALFORMED_VIA);
        assertThat(decoded.request().getCallId().getCallId()).isEqualTo("badinv01.0ha0isndaksdjasdf3234nas");
    }

    @Test
    void anAckWithABrokenViaIsStillNeverAnswered_rfc3261_17_1_1_3() {
        String ack = BADINV01.replace("INVITE sip:", "ACK sip:").replace("8 INVITE", "8 ACK");
        assertThat(new SipCodec().decode(ack.getBytes(StandardCharsets.US_ASCII), SipTransportKind.UDP).answerable()).isFalse();
    }
}
