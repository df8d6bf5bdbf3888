package io.switchboard.common.worker;

import io.switchboard.common.sip.Flow;
import io.switchboard.common.sip.SipMessages;
import io.switchboard.common.sip.SipTransportKind;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Signaling's leg towards the worker, as request texts: the INVITE and then requests of the dialog
 * the worker's 200 opened (its To tag). Each request gets a new branch and, but for ACK, the next CSeq.
 */
final class CallerLeg {
    static final InetSocketAddress WORKER = new InetSocketAddress("127.0.0.1", 5070);
    static final InetSocketAddress SIGNALING = new InetSocketAddress("127.0.0.41", 5060);
    static final Flow FLOW = new Flow(SipTransportKind.UDP, WORKER, SIGNALING);

    /** PCMU and telephone-event from the relay port that faces the worker. */
    static final String PCMU_OFFER = "v=0\r\no=- 1 1 IN IP4 127.0.0.42\r\ns=-\r\nc=IN IP4 127.0.0.42\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
            + "a=fmtp:101 0-15\r\n";
    /** Only a codec we do not run. */
    static final String G729_OFFER = "v=0\r\no=- 1 1 IN IP4 127.0.0.42\r\ns=-\r\nc=IN IP4 127.0.0.42\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n";

    private final SipMessages sip;
    private final String callId;
    private final String number;
    private String workerTag;
    private long cseq = 1;
    private long inviteCseq = 1;
    private int branch;

    CallerLeg(SipMessages sip, String callId, String number) {
        this.sip = sip;
        this.callId = callId;
        this.number = number;
    }

    Request invite(String sdp) {
        inviteCseq = cseq;
        return request(Request.INVITE, null, cseq++, sdp == null ? null : "application/sdp", sdp);
    }

    /** Remembers the worker's tag from its 200, which makes the dialog (RFC 3261 §12.1.1). */
    void answered(Response ok) {
        workerTag = ((ToHeader) ok.getHeader(ToHeader.NAME)).getTag();
    }

    String workerTag() {
        return workerTag;
    }

    /** The ACK for the 2xx, with the INVITE's CSeq (RFC 3261 §13.2.2.4). */
    Request ack() {
        return request(Request.ACK, workerTag, inviteCseq, null, null);
    }

    Request inDialog(String method) {
        return inDialog(method, null, null);
    }

    Request inDialog(String method, String contentType, String body) {
        return request(method, workerTag, cseq++, contentType, body);
    }

    /** An in-dialog request with a CSeq of the test's choosing (out of order, RFC 3261 §12.2.2). */
    Request inDialogWithCseq(String method, long seq) {
        return request(method, workerTag, seq, null, null);
    }

    /** A request claiming a dialog the worker never made. */
    Request withTag(String method, String toTag) {
        return request(method, toTag, cseq++, null, null);
    }

    private Request request(String method, String toTag, long seq, String contentType, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String text = method + " sip:" + number + "@127.0.0.1:5070 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.41:5060;branch=z9hG4bK-" + callId + "-" + (++branch) + "\r\n"
                + "From: <sip:1001@127.0.0.41>;tag=caller-" + callId + "\r\n"
                + "To: <sip:" + number + "@127.0.0.1>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + seq + " " + method + "\r\n"
                + "Contact: <sip:b2bua@127.0.0.41:5060>\r\n"
                + "Max-Forwards: 70\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + bytes.length + "\r\n\r\n"
                + (body == null ? "" : body);
        try {
            return sip.messages().createRequest(text);
        } catch (ParseException e) {
            throw new IllegalStateException("test request does not parse: " + e.getMessage() + "\n" + text, e);
        }
    }
}
