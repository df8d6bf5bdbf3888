package io.switchboard.common.sip;

import java.text.ParseException;
import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ServerHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The JAIN-SIP factories (message model only, no SipStack) and the few response shapes every
 * role needs. One instance per process; the RI factories are stateless and thread-safe.
 */
public final class SipMessages {
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final ServerHeader server;
    /** Process secret mixed into To tags so they are unpredictable across processes (RFC 3261 §19.3). */
    private final long tagSecret;
    private final byte[] serverLine;

    public SipMessages(String product) {
        try {
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            messages = factory.createMessageFactory();
            headers = factory.createHeaderFactory();
            addresses = factory.createAddressFactory();
            server = headers.createServerHeader(java.util.List.of(product));
            tagSecret = new java.security.SecureRandom().nextLong();
            serverLine = server.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (PeerUnavailableException | ParseException e) {
            throw new IllegalStateException("JAIN-SIP RI message factories unavailable", e);
        }
    }

    public MessageFactory messages() {
        return messages;
    }

    public HeaderFactory headers() {
        return headers;
    }

    public AddressFactory addresses() {
        return addresses;
    }

    /** The Server header every response carries (shared instance: encode it, do not modify it). */
    public ServerHeader serverHeader() {
        return server;
    }

    /**
     * A response to {@code request} with a To tag (RFC 3261 §8.2.6.2) and a Server header.
     * The tag is a keyed hash of the request's Call-ID, From tag, CSeq and top Via branch: unique
     * per request (RFC 3261 §19.3) yet the same for a retransmission of it.
     */
    public Response response(Request request, int status) {
        try {
            Response response = messages.createResponse(status, request);
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (status > 100 && to != null && to.getTag() == null) {
                to.setTag(toTag(request));
            }
            response.setHeader(server);
            return response;
        } catch (ParseException e) {
            throw new IllegalArgumentException("cannot answer request: " + e.getMessage(), e);
        }
    }

    String toTag(Request request) {
        return toTag(request.getHeader(javax.sip.header.CallIdHeader.NAME) instanceof javax.sip.header.CallIdHeader c
                        ? c.getCallId() : null,
                request.getHeader(javax.sip.header.FromHeader.NAME) instanceof javax.sip.header.FromHeader f
                        ? f.getTag() : null,
                request.getHeader(javax.sip.header.CSeqHeader.NAME) instanceof javax.sip.header.CSeqHeader q
                        ? q.getSeqNumber() : 0,
                request.getHeader(javax.sip.header.ViaHeader.NAME) instanceof javax.sip.header.ViaHeader v
                        ? v.getBranch() : null);
    }

    private static final String STATELESS_TAG = "sc";

    /**
     * The To tag of a response that keeps no transaction (a digest challenge): marked, so that its
     * ACK can be told from others without parsing it (RFC 3261 §19.3 leaves the tag's form to us).
     */
    String statelessTag(String callId, String fromTag, long cseq, String branch) {
        return STATELESS_TAG + toTag(callId, fromTag, cseq, branch);
    }

    static boolean isStatelessTag(String tag) {
        return tag != null && tag.startsWith(STATELESS_TAG);
    }

    /** The To tag from the request's fields, for requests read without the RI ({@link RawRequest}). */
    String toTag(String callId, String fromTag, long cseq, String branch) {
        long h = tagSecret;
        h = mix(h ^ hashOf(callId));
        h = mix(h ^ hashOf(fromTag));
        h = mix(h ^ cseq);
        h = mix(h ^ hashOf(branch));
        return Long.toHexString(h);
    }

    /** The Server header field with its line end, for responses written as bytes. */
    byte[] serverLine() {
        return serverLine;
    }

    private static long hashOf(String s) {
        return s == null ? 0 : s.hashCode() * 0x9E3779B97F4A7C15L + s.length();
    }

    /** SplitMix64's finaliser: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A response with a reason phrase of our own, e.g. 400 naming the broken header. */
    public Response response(Request request, int status, String reason) {
        Response response = response(request, status);
        try {
            response.setReasonPhrase(reason);
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad reason phrase: " + reason, e);
        }
        return response;
    }
}
