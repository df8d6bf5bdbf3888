package io.switchboard.common.sip;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.sip.header.ContactHeader;
import javax.sip.message.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The REGISTER path without the RI parser: what it reads, what it leaves to the RI, and responses equal to the RI's. */
class RawRequestTest {
    private static final InetSocketAddress SOURCE = new InetSocketAddress("192.0.2.10", 40123);
    private final SipMessages sip = new SipMessages("switchboard-test");

    /** What baresip 1.0 sends with its default settings (rport, instance and reg-id, two contacts' worth of params). */
    private static final String BARESIP = "REGISTER sip:127.0.0.41 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK8e1f0a2c;rport\r\n"
            + "Contact: <sip:1001-0x55d1@192.0.2.10:5062;transport=udp>;expires=3600;+sip.instance=\"<urn:uuid:1a2b>\";reg-id=1\r\n"
            + "Max-Forwards: 70\r\n"
            + "To: <sip:1001@127.0.0.41>\r\n"
            + "From: <sip:1001@127.0.0.41>;tag=9a7c\r\n"
            + "Call-ID: 5a0e1f22c3@192.0.2.10\r\n"
            + "CSeq: 2 REGISTER\r\n"
            + "User-Agent: baresip v1.0.0 (x86_64/linux)\r\n"
            + "Authorization: Digest username=\"1001\",realm=\"switchboard\",nonce=\"abc\",uri=\"sip:127.0.0.41\",response=\"00ff\",algorithm=MD5,cnonce=\"c1\",qop=auth,nc=00000001\r\n"
            + "Allow: INVITE,ACK,BYE,CANCEL,OPTIONS,NOTIFY,SUBSCRIBE,INFO,MESSAGE,UPDATE,REFER\r\n"
            + "Supported: outbound,path,gruu\r\n"
            + "Content-Length: 0\r\n"
            + "\r\n";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsThePlainRegisterAPhoneSends_rfc3261_10_2() {
        RawRequest r = RawRequest.parse(bytes(BARESIP));
        assertThat(r).isNotNull();
        assertThat(r.method()).isEqualTo("REGISTER");
        assertThat(r.requestUri()).isEqualTo("sip:127.0.0.41");
        assertThat(r.callId()).isEqualTo("5a0e1f22c3@192.0.2.10");
        assertThat(r.cseq()).isEqualTo(2);
        assertThat(r.branch()).isEqualTo("z9hG4bK8e1f0a2c");
        assertThat(r.sentByHost()).isEqualTo("192.0.2.10");
        assertThat(r.sentByPort()).isEqualTo(5062);
        assertThat(r.fromTag()).isEqualTo("9a7c");
        assertThat(r.toHasTag()).isFalse();
        assertThat(r.values(RawRequest.CONTACT)).hasSize(1);
        assertThat(r.value(RawRequest.USER_AGENT)).isEqualTo("baresip v1.0.0 (x86_64/linux)");
        assertThat(r.value(RawRequest.AUTHORIZATION)).startsWith("Digest username=\"1001\"");
    }

    @Test
    void compactHeaderNamesAreRead_rfc3261_7_3_3() {
        String compact = "REGISTER sip:switchboard SIP/2.0\r\n"
                + "v: SIP/2.0/UDP host.example:5070;branch=z9hG4bKc1\r\n"
                + "f: <sip:1001@switchboard>;tag=1\r\n"
                + "t: <sip:1001@switchboard>\r\n"
                + "i: compact-1\r\n"
                + "CSeq: 7 REGISTER\r\n"
                + "Max-Forwards: 70\r\n"
                + "m: <sip:1001@host.example:5070>\r\n"
                + "l: 0\r\n\r\n";
        RawRequest r = RawRequest.parse(bytes(compact));
        assertThat(r).isNotNull();
        assertThat(r.callId()).isEqualTo("compact-1");
        assertThat(r.values(RawRequest.CONTACT)).containsExactly("<sip:1001@host.example:5070>");
        assertThat(r.sentByHost()).isEqualTo("host.example");
    }

    /** Each of these is the RI path's to judge (its 400, 416, 420 or 505, or a shape read only there). */
    @ParameterizedTest
    @ValueSource(strings = {
            "Max-Forwards: 70\r\n -> folded",
            "Require: foo\r\n",
            "CSeq: 9 REGISTER\r\n",
            "Call-ID: second\r\n",
            "Content-Length: 4\r\n",
            "Via: SIP/2.0/UDP a.example;branch=z9hG4bKx, SIP/2.0/UDP b.example;branch=z9hG4bKy\r\n -> top",
            "Via: SIP/2.0/UDP a.example;branch=z9hG4bKx;received=192.0.2.1\r\n -> top",
            "Via: SIP/2.0/UDP a.example;branch=1234\r\n -> top",
            "Via: SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bKx\r\n -> top",
            "X-Ctl: a\u0001b\r\n",
    })
    void anythingOutsideThePlainShapeIsLeftToTheRi(String variant) {
        String line = variant.replace(" -> folded", "").replace(" -> top", "");
        String text;
        if (variant.endsWith("-> folded")) {
            text = BARESIP.replace("Max-Forwards: 70\r\n", "Max-Forwards:\r\n 70\r\n");
        } else if (variant.endsWith("-> top")) {
            text = BARESIP.replace("Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK8e1f0a2c;rport\r\n", line);
        } else {
            text = BARESIP.replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\n" + line);
        }
        assertThat(RawRequest.parse(bytes(text))).as(variant).isNull();
    }

    @Test
    void startLinesAndLineEndsOtherThanThePlainOnesAreLeftToTheRi_rfc3261_7_1() {
        assertThat(RawRequest.parse(bytes(BARESIP.replace("SIP/2.0\r\nVia", "SIP/2.1\r\nVia")))).isNull();
        assertThat(RawRequest.parse(bytes(BARESIP.replace("REGISTER sip:127", "REGISTER tel:127")))).isNull();
        assertThat(RawRequest.parse(bytes(BARESIP.replace("\r\n", "\n")))).isNull();
        assertThat(RawRequest.parse(bytes(BARESIP.replace("CSeq: 2 REGISTER", "CSeq: 2 INVITE")))).isNull();
        assertThat(RawRequest.parse(bytes(BARESIP.replace("Max-Forwards: 70\r\n", "")))).isNull();
        assertThat(RawRequest.parse(bytes(BARESIP + "body"))).isNull();
        assertThat(RawRequest.parse(bytes(BARESIP.substring(0, BARESIP.length() - 2)))).as("no empty line").isNull();
    }

    /** RFC 3261 §8.2.6.2, RFC 3581 §4: the raw response carries what the RI's response to the same request carries. */
    @Test
    void responseEchoesTheRequestLikeTheRiPath_rfc3261_8_2_6_2_rfc3581_4() throws Exception {
        RawRequest raw = RawRequest.parse(bytes(BARESIP));
        String tag = sip.toTag(raw.callId(), raw.fromTag(), raw.cseq(), raw.branch());
        byte[] out = RawResponse.build(raw, SOURCE, 200, null, tag,
                List.of("Contact: <sip:1001-0x55d1@192.0.2.10:5062;transport=udp>;expires=3600"), sip.serverLine());
        SIPResponse fromRaw = (SIPResponse) sip.messages().createResponse(new String(out, StandardCharsets.UTF_8));

        SIPRequest request = (SIPRequest) sip.messages().createRequest(BARESIP);
        SymmetricResponseRouting.stamp(request.getTopmostVia(), SOURCE);
        SIPResponse fromRi = (SIPResponse) sip.response(request, Response.OK);

        assertThat(fromRaw.getStatusCode()).isEqualTo(200);
        assertThat(fromRaw.getReasonPhrase()).isEqualTo("OK");
        assertThat(fromRaw.getTopmostVia().getReceived()).isEqualTo("192.0.2.10");
        assertThat(fromRaw.getTopmostVia().getRPort()).isEqualTo(40123);
        assertThat(fromRaw.getViaHeaders().encode()).isEqualTo(fromRi.getViaHeaders().encode());
        assertThat(fromRaw.getFrom().toString()).isEqualTo(fromRi.getFrom().toString());
        assertThat(fromRaw.getTo().toString()).isEqualTo(fromRi.getTo().toString());
        assertThat(fromRaw.getTo().getTag()).isEqualTo(tag);
        assertThat(fromRaw.getCallId().toString()).isEqualTo(fromRi.getCallId().toString());
        assertThat(fromRaw.getCSeq().toString()).isEqualTo(fromRi.getCSeq().toString());
        assertThat(fromRaw.getHeader("Server").toString()).isEqualTo(fromRi.getHeader("Server").toString());
        assertThat(((ContactHeader) fromRaw.getHeader(ContactHeader.NAME)).getExpires()).isEqualTo(3600);
        assertThat(fromRaw.getContentLength().getContentLength()).isZero();
        assertThat(new String(out, StandardCharsets.UTF_8)).endsWith("Content-Length: 0\r\n\r\n");
    }

    /** RFC 3261 §18.2.2, RFC 3581 §4: with rport the answer goes to the source port; without, to the Via's port. */
    @Test
    void responseGoesWhereTheRiPathWouldSendIt_rfc3581_4() {
        RawRequest withRport = RawRequest.parse(bytes(BARESIP));
        assertThat(RawNonInviteTransaction.destination(withRport, SOURCE)).isEqualTo(SOURCE);
        RawRequest without = RawRequest.parse(bytes(BARESIP.replace(";rport\r\n", "\r\n")));
        assertThat(RawNonInviteTransaction.destination(without, SOURCE))
                .isEqualTo(new InetSocketAddress("192.0.2.10", 5062));
        String built = new String(RawResponse.build(without, SOURCE, 401, null, "t", List.of(), sip.serverLine()),
                StandardCharsets.UTF_8);
        assertThat(built).startsWith("SIP/2.0 401 Unauthorized\r\nVia: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK8e1f0a2c\r\n")
                .as("sent-by is the source IP: no received (RFC 3261 §18.2.1)");
    }

    @Test
    void theTransactionKeyIsTheRiPathsKey_rfc3261_17_2_3() throws Exception {
        RawRequest raw = RawRequest.parse(bytes(BARESIP.replace("z9hG4bK8e1f0a2c", "z9hG4bK8E1F0A2C")));
        SIPRequest request = (SIPRequest) sip.messages().createRequest(BARESIP.replace("z9hG4bK8e1f0a2c", "z9hG4bK8E1F0A2C"));
        assertThat(RawNonInviteTransaction.keyOf(raw)).isEqualTo(TransactionKey.of(request));
    }

    private static final String INVITE = "INVITE sip:1002@127.0.0.41 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKinv1;rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:1001@127.0.0.41>;tag=f1\r\n"
            + "To: <sip:1002@127.0.0.41>\r\n"
            + "Call-ID: inv-1@192.0.2.10\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Contact: <sip:1001@192.0.2.10:5062>\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: 12\r\n\r\n"
            + "v=0\r\ns=-\r\nab";

    /** RFC 3261 §18.3: an INVITE's body is taken when Content-Length says exactly how long it is. */
    @Test
    void anInviteIsReadWithItsBodyOnlyWhenContentLengthMatches_rfc3261_18_3() {
        RawRequest r = RawRequest.parse(bytes(INVITE));
        assertThat(r).isNotNull();
        assertThat(r.method()).isEqualTo("INVITE");
        assertThat(r.toTag()).isNull();
        assertThat(RawRequest.parse(bytes(INVITE.replace("Content-Length: 12", "Content-Length: 11")))).isNull();
        assertThat(RawRequest.parse(bytes(INVITE.replace("Content-Length: 12\r\n", "")))).isNull();
        assertThat(RawRequest.parse(bytes(INVITE.replace("CSeq: 1 INVITE", "CSeq: 1 REGISTER").replace("INVITE sip", "REGISTER sip"))))
                .as("only an INVITE may bring a body this way").isNull();
    }

    /** RFC 3261 §8.2.7, §17.1.1.3: a stateless challenge's To tag is marked, so its ACK is known without parsing more. */
    @Test
    void challengeTagsAreMarkedAndOthersAreNot_rfc3261_8_2_7() {
        RawRequest r = RawRequest.parse(bytes(INVITE));
        String challenge = sip.statelessTag(r.callId(), r.fromTag(), r.cseq(), r.branch());
        assertThat(SipMessages.isStatelessTag(challenge)).isTrue();
        assertThat(SipMessages.isStatelessTag(sip.toTag(r.callId(), r.fromTag(), r.cseq(), r.branch()))).isFalse();
        String ack = "ACK sip:1002@127.0.0.41 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKinv1;rport\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:1001@127.0.0.41>;tag=f1\r\nTo: <sip:1002@127.0.0.41>;tag=" + challenge
                + "\r\nCall-ID: inv-1@192.0.2.10\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n";
        assertThat(RawRequest.parse(bytes(ack)).toTag()).isEqualTo(challenge);
        assertThat(RawRequest.toTagOf(bytes(ack))).as("read from the To line alone").isEqualTo(challenge);
        assertThat(RawRequest.toTagOf(bytes(ack.replace("To: ", "t: ")))).isEqualTo(challenge);
        assertThat(RawRequest.toTagOf(bytes(INVITE))).isNull();
    }
}
