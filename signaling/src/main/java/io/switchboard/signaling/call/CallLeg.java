package io.switchboard.signaling.call;

import io.switchboard.common.sip.SipMessages;
import io.switchboard.common.sip.SipTransportKind;
import java.net.InetSocketAddress;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.sip.address.Address;
import javax.sip.header.ContactHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;

/**
 * One side of a B2BUA call: the dialog state of RFC 3261 §12 (Call-ID, tags, URIs, remote target,
 * route set, CSeqs) plus where the peer is really reached (the RFC 3581 source of a phone behind NAT).
 * Builds the in-dialog requests of §12.2.1.1. Mutated only under its call's monitor.
 */
final class CallLeg {
    final String callId;
    final String localTag;
    String remoteTag;
    final String localUri;
    final String remoteUri;
    String remoteTarget;
    List<String> routeSet = List.of();
    long localCseq;
    long remoteCseq;
    final InetSocketAddress peer;
    final SipTransportKind transport;

    CallLeg(String callId, String localTag, String remoteTag, String localUri, String remoteUri, String remoteTarget,
            long localCseq, long remoteCseq, InetSocketAddress peer, SipTransportKind transport) {
        this.callId = callId;
        this.localTag = localTag;
        this.remoteTag = remoteTag;
        this.localUri = localUri;
        this.remoteUri = remoteUri;
        this.remoteTarget = remoteTarget;
        this.localCseq = localCseq;
        this.remoteCseq = remoteCseq;
        this.peer = peer;
        this.transport = transport;
    }

    /** §12.1.2: the UAC's route set is the Record-Route of the 2xx, reversed; its target the 2xx's Contact. */
    void confirmAsUac(Message response, String toTag) {
        remoteTag = toTag;
        ContactHeader contact = (ContactHeader) response.getHeader(ContactHeader.NAME);
        if (contact != null) {
            remoteTarget = contact.getAddress().getURI().toString();
        }
        List<String> routes = new ArrayList<>();
        ListIterator<?> it = response.getHeaders(RecordRouteHeader.NAME);
        while (it.hasNext()) {
            routes.add(0, ((RecordRouteHeader) it.next()).getAddress().toString());
        }
        routeSet = List.copyOf(routes);
    }

    /** §12.1.1: the UAS's route set is the request's Record-Route in order. */
    void recordRoutesAsUas(Request request) {
        List<String> routes = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(RecordRouteHeader.NAME);
        while (it.hasNext()) {
            routes.add(((RecordRouteHeader) it.next()).getAddress().toString());
        }
        routeSet = List.copyOf(routes);
    }

    /** A new in-dialog request (§12.2.1.1) with the next local CSeq; ACK and CANCEL reuse numbers, so they pass {@code cseq}. */
    Request request(SipMessages sip, String method, long cseq, String contact, String contentType, byte[] body) {
        return request(sip, method, cseq, contact, contentType, body, "");
    }

    /** @param extraHeaders complete header lines, each ending in CRLF (e.g. Event and Subscription-State of a NOTIFY) */
    Request request(SipMessages sip, String method, long cseq, String contact, String contentType, byte[] body,
                    String extraHeaders) {
        StringBuilder b = new StringBuilder(512);
        b.append(method).append(' ').append(remoteTarget).append(" SIP/2.0\r\n");
        for (String route : routeSet) {
            b.append("Route: ").append(route).append("\r\n");
        }
        b.append("Max-Forwards: 70\r\n");
        b.append("From: ").append(localUri).append(";tag=").append(localTag).append("\r\n");
        b.append("To: ").append(remoteUri);
        if (remoteTag != null && !remoteTag.isEmpty()) {
            b.append(";tag=").append(remoteTag);
        }
        b.append("\r\n");
        b.append("Call-ID: ").append(callId).append("\r\n");
        b.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
        if (contact != null) {
            b.append("Contact: ").append(contact).append("\r\n");
        }
        b.append(extraHeaders);
        if (body != null && body.length > 0) {
            b.append("Content-Type: ").append(contentType).append("\r\n");
        }
        // The RI sets Content-Length itself when the body is attached below.
        b.append("Content-Length: 0\r\n\r\n");
        try {
            Request r = sip.messages().createRequest(b.toString());
            if (body != null && body.length > 0) {
                r.setContent(body, (javax.sip.header.ContentTypeHeader) r.getHeader("Content-Type"));
            }
            return r;
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build " + method + " for dialog " + callId + ": " + e.getMessage(), e);
        }
    }

    Request nextRequest(SipMessages sip, String method, String contact, String contentType, byte[] body) {
        return request(sip, method, ++localCseq, contact, contentType, body);
    }

    Request nextRequest(SipMessages sip, String method, String contact, String contentType, byte[] body, String extraHeaders) {
        return request(sip, method, ++localCseq, contact, contentType, body, extraHeaders);
    }

    /** A leg from its cluster record, our CSeq moved {@code cseqStep} on (see {@link B2buaCall#restore}). */
    static CallLeg restore(LegRecord r, long cseqStep) {
        int colon = r.peer().lastIndexOf(':');
        java.net.InetSocketAddress peer = new java.net.InetSocketAddress(r.peer().substring(0, colon),
                Integer.parseInt(r.peer().substring(colon + 1)));
        CallLeg leg = new CallLeg(r.callId(), r.localTag(), r.remoteTag(), r.localUri(), r.remoteUri(), r.remoteTarget(),
                r.localCseq() + cseqStep, r.remoteCseq(), peer, SipTransportKind.valueOf(r.transport()));
        leg.routeSet = r.routeSet();
        return leg;
    }

    LegRecord record() {
        return new LegRecord(callId, localTag, remoteTag, localUri, remoteUri, remoteTarget, routeSet, localCseq,
                remoteCseq, peer.getAddress().getHostAddress() + ":" + peer.getPort(), transport.name());
    }

    static String addressOf(Address a) {
        return a.toString();
    }
}
