package io.switchboard.common.sip.dialog;

import io.switchboard.common.sip.Flow;
import io.switchboard.common.sip.SipMessages;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;

/**
 * One dialog as RFC 3261 §12 defines it: Call-ID, local and remote tag and URI, remote target, route
 * set, local and remote CSeq, plus the flow its peer is reached on (the RFC 3581 source of a phone
 * behind NAT, which may differ from the remote target). Builds the in-dialog requests of §12.2.1.1
 * from this model through the header factory, never from text. Kept compact: addresses, target and
 * routes as their text, parsed only when a request is built, since a B2BUA holds two of these per
 * call for the call's whole life (docs/ARCHITECTURE.md "Calls in the cluster": heap per held call).
 * Not thread-safe: its owner (a call) confines it to one thread or its own lock.
 */
public final class Dialog {
    private final String callId;
    private final String localTag;
    private String remoteTag;
    private final String localAddress;
    private final String remoteAddress;
    private String remoteTarget;
    private List<String> routeSet;
    private long localCseq;
    private long remoteCseq;
    private final Flow flow;

    /**
     * @param localAddress  our From (or To) name-addr without tag, e.g. {@code "Alice" <sip:1001@host>}
     * @param remoteAddress theirs
     * @param remoteTarget  the URI in-dialog requests go to (their Contact)
     * @param routeSet      the Route header values in order (name-addrs), empty for none
     */
    public Dialog(String callId, String localTag, String remoteTag, String localAddress, String remoteAddress,
                  String remoteTarget, List<String> routeSet, long localCseq, long remoteCseq, Flow flow) {
        this.callId = callId;
        this.localTag = localTag;
        this.remoteTag = remoteTag;
        this.localAddress = localAddress;
        this.remoteAddress = remoteAddress;
        this.remoteTarget = remoteTarget;
        this.routeSet = List.copyOf(routeSet);
        this.localCseq = localCseq;
        this.remoteCseq = remoteCseq;
        this.flow = flow;
    }

    public Dialog(String callId, String localTag, String remoteTag, Address localAddress, Address remoteAddress,
                  URI remoteTarget, long localCseq, long remoteCseq, Flow flow) {
        this(callId, localTag, remoteTag, text(localAddress), text(remoteAddress), remoteTarget.toString(), List.of(),
                localCseq, remoteCseq, flow);
    }

    /**
     * §12.1.1: the dialog a UAS creates by answering {@code request} with {@code localTag}: the route
     * set is the request's Record-Route in order, the remote target its Contact (or, without one, the
     * source the request came from), the remote CSeq its CSeq.
     */
    public static Dialog asUas(SipMessages sip, Request request, String localTag, Flow flow) {
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        List<String> routes = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(RecordRouteHeader.NAME);
        while (it.hasNext()) {
            routes.add(text(((RecordRouteHeader) it.next()).getAddress()));
        }
        return new Dialog(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId(), localTag, from.getTag(),
                text(to.getAddress()), text(from.getAddress()), targetOf(request, flow), routes, 0, cseqOf(request), flow);
    }

    /**
     * §12.1.2: confirms a dialog we opened as UAC with the 2xx (or 1xx with a tag) {@code response}: its To
     * tag, its Contact as remote target and its Record-Route, reversed, as the route set.
     */
    public void confirmAsUac(Message response) {
        remoteTag = ((ToHeader) response.getHeader(ToHeader.NAME)).getTag();
        ContactHeader contact = (ContactHeader) response.getHeader(ContactHeader.NAME);
        if (contact != null) {
            remoteTarget = contact.getAddress().getURI().toString();
        }
        List<String> routes = new ArrayList<>();
        ListIterator<?> it = response.getHeaders(RecordRouteHeader.NAME);
        while (it.hasNext()) {
            routes.add(0, text(((RecordRouteHeader) it.next()).getAddress()));
        }
        routeSet = List.copyOf(routes);
    }

    /**
     * §12.2.2: takes an in-dialog request's CSeq. False (the request gets 500) when it is lower than one
     * seen before; a target refresh (re-INVITE, UPDATE) with a Contact moves the remote target.
     */
    public boolean acceptRemote(Request request) {
        long cseq = cseqOf(request);
        if (remoteCseq > 0 && cseq < remoteCseq) {
            return false;
        }
        remoteCseq = cseq;
        String method = request.getMethod();
        if (Request.INVITE.equals(method) || Request.UPDATE.equals(method)) {
            ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
            if (contact != null) {
                remoteTarget = contact.getAddress().getURI().toString();
            }
        }
        return true;
    }

    /** §12.2.1.1: the next request of this dialog, with the next local CSeq. */
    public Request next(SipMessages sip, String method, Address contact, String contentType, byte[] body,
                        List<Header> extraHeaders) {
        return request(sip, method, ++localCseq, contact, contentType, body, extraHeaders);
    }

    /**
     * §12.2.1.1: a request of this dialog with {@code cseq} (ACK and CANCEL reuse their INVITE's number):
     * Request-URI the remote target, a Route per route-set entry, From and To with our and their tags.
     * The transport adds the Via when it sends.
     */
    public Request request(SipMessages sip, String method, long cseq, Address contact, String contentType, byte[] body,
                           List<Header> extraHeaders) {
        HeaderFactory h = sip.headers();
        AddressFactory a = sip.addresses();
        try {
            ToHeader to = h.createToHeader(a.createAddress(remoteAddress), remoteTag == null || remoteTag.isEmpty() ? null : remoteTag);
            Request r = sip.messages().createRequest(a.createURI(remoteTarget), method, h.createCallIdHeader(callId),
                    h.createCSeqHeader(cseq, method), h.createFromHeader(a.createAddress(localAddress), localTag), to,
                    new ArrayList<>(), h.createMaxForwardsHeader(70));
            for (String route : routeSet) {
                r.addHeader(h.createRouteHeader(a.createAddress(route)));
            }
            if (contact != null) {
                r.setHeader(h.createContactHeader(contact));
            }
            for (Header extra : extraHeaders) {
                r.addHeader(extra);
            }
            if (body != null && body.length > 0) {
                int slash = contentType.indexOf('/');
                r.setContent(body, h.createContentTypeHeader(contentType.substring(0, slash), contentType.substring(slash + 1)));
            } else {
                r.setHeader(h.createContentLengthHeader(0));
            }
            return r;
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("cannot build " + method + " for dialog " + callId + ": " + e.getMessage(), e);
        }
    }

    /** An address as name-addr text: with angle brackets, so URI parameters stay the URI's when it is parsed again. */
    private static String text(Address address) {
        String s = address.toString().trim();
        return s.indexOf('<') >= 0 ? s : "<" + s + ">";
    }

    private static String targetOf(Request request, Flow flow) {
        ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
        if (contact != null) {
            return contact.getAddress().getURI().toString();
        }
        return "sip:" + flow.remote().getAddress().getHostAddress() + ":" + flow.remote().getPort();
    }

    private static long cseqOf(Request request) {
        return ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
    }

    public String callId() {
        return callId;
    }

    public String localTag() {
        return localTag;
    }

    public String remoteTag() {
        return remoteTag;
    }

    /** Our name-addr (From of our requests), without tag. */
    public String localAddress() {
        return localAddress;
    }

    /** Their name-addr (To of our requests), without tag. */
    public String remoteAddress() {
        return remoteAddress;
    }

    /** The URI our in-dialog requests go to. */
    public String remoteTarget() {
        return remoteTarget;
    }

    /** The Route values of our in-dialog requests, in order. */
    public List<String> routeSet() {
        return routeSet;
    }

    public long localCseq() {
        return localCseq;
    }

    public long remoteCseq() {
        return remoteCseq;
    }

    public Flow flow() {
        return flow;
    }
}
