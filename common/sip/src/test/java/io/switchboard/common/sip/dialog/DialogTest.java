package io.switchboard.common.sip.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.sip.Flow;
import io.switchboard.common.sip.SipMessages;
import io.switchboard.common.sip.SipTransportKind;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.sip.header.Header;
import javax.sip.header.RouteHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;

/** RFC 3261 §12: dialog state from the INVITE or its 2xx, and in-dialog requests built from it (§12.2.1.1). */
class DialogTest {
    private final SipMessages sip = new SipMessages("test");
    private final Flow flow = new Flow(SipTransportKind.UDP, new InetSocketAddress("127.0.0.1", 5060),
            new InetSocketAddress("192.0.2.10", 40000));

    private Request invite(String extra) throws Exception {
        return sip.messages().createRequest("""
                INVITE sip:8000@127.0.0.1 SIP/2.0\r
                Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1\r
                Record-Route: <sip:p1.example;lr>\r
                Record-Route: <sip:p2.example;lr>\r
                From: "Alice" <sip:1001@example.com>;tag=alice-tag\r
                To: <sip:8000@example.com>\r
                Call-ID: dialog-test@192.0.2.10\r
                CSeq: 7 INVITE\r
                Max-Forwards: 70\r
                """ + extra + "Content-Length: 0\r\n\r\n");
    }

    @Test
    void uasRouteSetIsTheRecordRouteInOrderAndRequestsGoToTheContact_12_1_1() throws Exception {
        Dialog d = Dialog.asUas(sip, invite("Contact: <sip:1001@192.0.2.10:5062>\r\n"), "our-tag", flow);
        Request bye = d.next(sip, Request.BYE, null, null, null, List.of());
        assertThat(bye.getRequestURI().toString()).isEqualTo("sip:1001@192.0.2.10:5062");
        assertThat(routes(bye)).containsExactly("<sip:p1.example;lr>", "<sip:p2.example;lr>");
        assertThat(bye.getHeader("From").toString()).contains("sip:8000@example.com", "tag=our-tag");
        assertThat(bye.getHeader("To").toString()).contains("\"Alice\" <sip:1001@example.com>", "tag=alice-tag");
        assertThat(bye.getHeader("Call-ID").toString()).contains("dialog-test@192.0.2.10");
        assertThat(bye.getHeader("CSeq").toString()).contains("1 BYE");
        assertThat(d.next(sip, Request.BYE, null, null, null, List.of()).getHeader("CSeq").toString())
                .as("each new request takes the next local CSeq").contains("2 BYE");
        assertThat(new String(bye.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .contains("Content-Length: 0").doesNotContain("Via:");
    }

    @Test
    void withoutContactTheTargetIsWhereTheRequestCameFrom() throws Exception {
        Dialog d = Dialog.asUas(sip, invite(""), "our-tag", flow);
        assertThat(d.remoteTarget().toString()).isEqualTo("sip:192.0.2.10:40000");
    }

    @Test
    void uacRouteSetIsThe2xxRecordRouteReversedAndItsContactTheTarget_12_1_2() throws Exception {
        Request invite = invite("Contact: <sip:1001@192.0.2.10:5062>\r\n");
        Response ok = sip.response(invite, Response.OK);
        ((javax.sip.header.ToHeader) ok.getHeader("To")).setTag("bob-tag");
        ok.setHeader(sip.headers().createContactHeader(sip.addresses().createAddress("<sip:1002@198.51.100.7:5070>")));
        Dialog d = new Dialog("leg-b@switchboard", "our-tag", null, sip.addresses().createAddress("<sip:1001@example.com>"),
                sip.addresses().createAddress("<sip:1002@example.com>"), sip.addresses().createURI("sip:1002@198.51.100.7"),
                1, 0, flow);
        d.confirmAsUac(ok);
        Request bye = d.next(sip, Request.BYE, null, null, null, List.of());
        assertThat(d.remoteTag()).isEqualTo("bob-tag");
        assertThat(bye.getRequestURI().toString()).isEqualTo("sip:1002@198.51.100.7:5070");
        assertThat(routes(bye)).containsExactly("<sip:p2.example;lr>", "<sip:p1.example;lr>");
        assertThat(bye.getHeader("CSeq").toString()).contains("2 BYE");
        assertThat(bye.getHeader("To").toString()).contains("tag=bob-tag");
    }

    @Test
    void aLowerRemoteCseqIsRefusedAndATargetRefreshMovesTheTarget_12_2_2() throws Exception {
        Dialog d = Dialog.asUas(sip, invite("Contact: <sip:1001@192.0.2.10:5062>\r\n"), "our-tag", flow);
        Request reInvite = invite("Contact: <sip:1001@192.0.2.99:6000>\r\n");
        ((javax.sip.header.CSeqHeader) reInvite.getHeader("CSeq")).setSeqNumber(8);
        assertThat(d.acceptRemote(reInvite)).isTrue();
        assertThat(d.remoteTarget().toString()).isEqualTo("sip:1001@192.0.2.99:6000");
        ((javax.sip.header.CSeqHeader) reInvite.getHeader("CSeq")).setSeqNumber(5);
        assertThat(d.acceptRemote(reInvite)).as("out of order").isFalse();
    }

    @Test
    void bodyAndExtraHeadersAreCarried() throws Exception {
        Dialog d = Dialog.asUas(sip, invite("Contact: <sip:1001@192.0.2.10:5062>\r\n"), "our-tag", flow);
        List<Header> extra = new ArrayList<>();
        extra.add(sip.headers().createHeader("Refer-To", "<sip:1002@127.0.0.1>"));
        Request refer = d.next(sip, Request.REFER, sip.addresses().createAddress("<sip:ivr@127.0.0.1:5070>"),
                "message/sipfrag", "SIP/2.0 200 OK".getBytes(StandardCharsets.UTF_8), extra);
        assertThat(refer.getHeader("Refer-To").toString()).contains("<sip:1002@127.0.0.1>");
        assertThat(refer.getHeader("Contact").toString()).contains("sip:ivr@127.0.0.1:5070");
        assertThat(refer.getHeader("Content-Type").toString()).contains("message/sipfrag");
        assertThat(new String(refer.getRawContent(), StandardCharsets.UTF_8)).isEqualTo("SIP/2.0 200 OK");
        assertThat(refer.getHeader("Content-Length").toString()).contains("14");
    }

    private static List<String> routes(Request r) {
        List<String> out = new ArrayList<>();
        ListIterator<?> it = r.getHeaders(RouteHeader.NAME);
        while (it.hasNext()) {
            out.add(((RouteHeader) it.next()).getAddress().toString());
        }
        return out;
    }
}
