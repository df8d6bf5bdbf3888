package io.switchboard.ivr.call;

import gov.nist.javax.sip.header.SIPHeader;
import io.switchboard.common.sip.Flow;
import io.switchboard.common.sip.SipMessages;
import java.net.InetSocketAddress;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The UAS side of one dialog (RFC 3261 §12.1.1): what our in-dialog requests (REFER, BYE) carry.
 * Requests go to the peer the INVITE came from, which is signaling (the B2BUA) for every IVR call.
 */
final class IvrDialog {
    final String callId;
    final String localTag;
    final String remoteTag;
    private final String localUri;
    private final String remoteUri;
    private final String remoteTarget;
    private final List<String> routeSet;
    final InetSocketAddress peer;
    final Flow flow;
    private long localCseq;

    private IvrDialog(String callId, String localTag, String remoteTag, String localUri, String remoteUri,
                      String remoteTarget, List<String> routeSet, Flow flow) {
        this.callId = callId;
        this.localTag = localTag;
        this.remoteTag = remoteTag;
        this.localUri = localUri;
        this.remoteUri = remoteUri;
        this.remoteTarget = remoteTarget;
        this.routeSet = routeSet;
        this.flow = flow;
        this.peer = flow.remote();
    }

    /** The dialog our 2xx {@code ok} to {@code invite} creates. */
    static IvrDialog answered(Request invite, Response ok, Flow flow) {
        FromHeader from = (FromHeader) invite.getHeader(FromHeader.NAME);
        ToHeader to = (ToHeader) ok.getHeader(ToHeader.NAME);
        ContactHeader contact = (ContactHeader) invite.getHeader(ContactHeader.NAME);
        String target = contact != null ? contact.getAddress().getURI().toString()
                : "sip:" + flow.remote().getAddress().getHostAddress() + ":" + flow.remote().getPort();
        List<String> routes = new ArrayList<>();
        for (Iterator<?> it = invite.getHeaders("Record-Route"); it.hasNext(); ) {
            routes.add(((SIPHeader) it.next()).getHeaderValue());
        }
        return new IvrDialog(((javax.sip.header.CallIdHeader) invite.getHeader("Call-ID")).getCallId(), to.getTag(),
                from.getTag(), "<" + to.getAddress().getURI() + ">", "<" + from.getAddress().getURI() + ">", target,
                routes, flow);
    }

    /** The signaling host, for a Refer-To that signaling resolves (e.g. {@code sip:1002@host}). */
    String peerHost() {
        return peer.getAddress().getHostAddress();
    }

    /** @param extraHeaders complete header lines, each ending in CRLF */
    synchronized Request next(SipMessages sip, String method, String contact, String contentType, byte[] body,
                              String extraHeaders) {
        StringBuilder b = new StringBuilder(512);
        b.append(method).append(' ').append(remoteTarget).append(" SIP/2.0\r\n");
        for (String route : routeSet) {
            b.append("Route: ").append(route).append("\r\n");
        }
        b.append("Max-Forwards: 70\r\n");
        b.append("From: ").append(localUri).append(";tag=").append(localTag).append("\r\n");
        b.append("To: ").append(remoteUri).append(";tag=").append(remoteTag).append("\r\n");
        b.append("Call-ID: ").append(callId).append("\r\n");
        b.append("CSeq: ").append(++localCseq).append(' ').append(method).append("\r\n");
        if (contact != null) {
            b.append("Contact: ").append(contact).append("\r\n");
        }
        b.append(extraHeaders);
        if (body != null && body.length > 0) {
            b.append("Content-Type: ").append(contentType).append("\r\n");
        }
        b.append("Content-Length: 0\r\n\r\n");
        try {
            Request r = sip.messages().createRequest(b.toString());
            if (body != null && body.length > 0) {
                r.setContent(body, (ContentTypeHeader) r.getHeader(ContentTypeHeader.NAME));
            }
            return r;
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build " + method + " for dialog " + callId + ": " + e.getMessage(), e);
        }
    }
}
