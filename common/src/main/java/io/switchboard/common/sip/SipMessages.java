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
    private final String localTag;

    public SipMessages(String product) {
        try {
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            messages = factory.createMessageFactory();
            headers = factory.createHeaderFactory();
            addresses = factory.createAddressFactory();
            server = headers.createServerHeader(java.util.List.of(product));
            localTag = Long.toHexString(Double.doubleToLongBits(Math.random()) ^ System.nanoTime());
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
     * The tag is stable per request (derived from Call-ID) so a retransmitted request is
     * answered with the same tag.
     */
    public Response response(Request request, int status) {
        try {
            Response response = messages.createResponse(status, request);
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (status > 100 && to != null && to.getTag() == null) {
                to.setTag(localTag + Integer.toHexString(request.getHeader("Call-ID").hashCode()));
            }
            response.setHeader(server);
            return response;
        } catch (ParseException e) {
            throw new IllegalArgumentException("cannot answer request: " + e.getMessage(), e);
        }
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
