package io.switchboard.signaling.call;

import io.switchboard.common.sip.Flow;
import io.switchboard.common.sip.SipMessages;
import io.switchboard.common.sip.SipTransportKind;
import io.switchboard.common.sip.dialog.Dialog;
import java.net.InetSocketAddress;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import javax.sip.header.Header;
import javax.sip.message.Message;
import javax.sip.message.Request;

/**
 * One side of a B2BUA call: a {@link Dialog} (RFC 3261 §12: Call-ID, tags, URIs, remote target, route
 * set, CSeqs) and the flow its peer is really reached on (the RFC 3581 source of a phone behind NAT).
 * In-dialog requests are built from that model (§12.2.1.1). Touched only by its call's thread or monitor.
 */
final class CallLeg {
    private final Dialog dialog;
    /** A BYE from the far end reached a call this leg was leaving (set on one loop, read on another). */
    private volatile boolean hungUp;

    private CallLeg(Dialog dialog) {
        this.dialog = dialog;
    }

    /** A leg we open with an INVITE (UAC, §12.1.2): no remote tag until it answers. */
    static CallLeg outgoing(String callId, String localTag, String localUri, String remoteUri, String remoteTarget,
                            long localCseq, InetSocketAddress peer, SipTransportKind transport) {
        return new CallLeg(new Dialog(callId, localTag, null, localUri, remoteUri, remoteTarget, List.of(), localCseq, 0,
                new Flow(transport, null, peer)));
    }

    /** The leg of an INVITE we answer with {@code localTag} (UAS, §12.1.1). */
    static CallLeg answering(SipMessages sip, Request invite, String localTag, Flow flow) {
        return new CallLeg(Dialog.asUas(sip, invite, localTag, flow));
    }

    void hangUpSeen() {
        hungUp = true;
    }

    boolean hungUp() {
        return hungUp;
    }

    String callId() {
        return dialog.callId();
    }

    String localTag() {
        return dialog.localTag();
    }

    String remoteTag() {
        return dialog.remoteTag();
    }

    String remoteUri() {
        return dialog.remoteAddress();
    }

    long localCseq() {
        return dialog.localCseq();
    }

    InetSocketAddress peer() {
        return dialog.flow().remote();
    }

    SipTransportKind transport() {
        return dialog.flow().transport();
    }

    /** §12.1.2: the 2xx confirms the leg: remote tag, target and route set. */
    void confirmAsUac(Message response) {
        dialog.confirmAsUac(response);
    }

    /** §12.2.2: false when the request's CSeq is out of order (it gets 500); a target refresh moves the target. */
    boolean acceptRemote(Request request) {
        return dialog.acceptRemote(request);
    }

    /** A request of this dialog with {@code cseq}: ACK and CANCEL reuse their INVITE's number. */
    Request request(SipMessages sip, String method, long cseq, String contact, String contentType, byte[] body) {
        return request(sip, method, cseq, contact, contentType, body, "");
    }

    /** @param extraHeaders complete header lines, each ending in CRLF (e.g. Event and Subscription-State of a NOTIFY) */
    Request request(SipMessages sip, String method, long cseq, String contact, String contentType, byte[] body,
                    String extraHeaders) {
        try {
            return dialog.request(sip, method, cseq, contact == null ? null : sip.addresses().createAddress(contact),
                    contentType, body, headers(sip, extraHeaders));
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build " + method + " for dialog " + callId() + ": " + e.getMessage(), e);
        }
    }

    Request nextRequest(SipMessages sip, String method, String contact, String contentType, byte[] body) {
        return nextRequest(sip, method, contact, contentType, body, "");
    }

    Request nextRequest(SipMessages sip, String method, String contact, String contentType, byte[] body, String extraHeaders) {
        try {
            return dialog.next(sip, method, contact == null ? null : sip.addresses().createAddress(contact), contentType,
                    body, headers(sip, extraHeaders));
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build " + method + " for dialog " + callId() + ": " + e.getMessage(), e);
        }
    }

    private static List<Header> headers(SipMessages sip, String lines) throws ParseException {
        if (lines.isEmpty()) {
            return List.of();
        }
        List<Header> out = new ArrayList<>();
        for (String line : lines.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.add(sip.headers().createHeader(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
            }
        }
        return out;
    }

    /** A leg from its cluster record, our CSeq moved {@code cseqStep} on (see {@link B2buaCall#restore}). */
    static CallLeg restore(LegRecord r, long cseqStep) {
        int colon = r.peer().lastIndexOf(':');
        InetSocketAddress peer = new InetSocketAddress(r.peer().substring(0, colon), Integer.parseInt(r.peer().substring(colon + 1)));
        return new CallLeg(new Dialog(r.callId(), r.localTag(), r.remoteTag(), r.localUri(), r.remoteUri(), r.remoteTarget(),
                r.routeSet(), r.localCseq() + cseqStep, r.remoteCseq(), new Flow(SipTransportKind.valueOf(r.transport()), null, peer)));
    }

    LegRecord record() {
        InetSocketAddress peer = peer();
        return new LegRecord(dialog.callId(), dialog.localTag(), dialog.remoteTag(), dialog.localAddress(),
                dialog.remoteAddress(), dialog.remoteTarget(), dialog.routeSet(), dialog.localCseq(), dialog.remoteCseq(),
                peer.getAddress().getHostAddress() + ":" + peer.getPort(), transport().name());
    }
}
