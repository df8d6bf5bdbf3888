package io.switchboard.common.sip;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.InvalidArgumentException;
import javax.sip.header.RetryAfterHeader;
import javax.sip.message.Response;

/**
 * Responses sent without a transaction (RFC 3261 §8.2.7): 400 for broken requests, 505/416/420 for
 * unsupported ones, 503 under overload (§21.5.4).
 */
final class StatelessReplies {
    static final int RETRY_AFTER_SECONDS = 5;

    private final SipMessages messages;
    private final RetryAfterHeader retryAfter;

    StatelessReplies(SipMessages messages) {
        this.messages = messages;
        try {
            this.retryAfter = messages.headers().createRetryAfterHeader(RETRY_AFTER_SECONDS);
        } catch (InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A 400 written by hand from whatever headers parsed: the RI's createResponse needs all of
     * Via, From, To, Call-ID and CSeq, and the request lacks one of them by definition.
     */
    byte[] badRequest(SIPRequest partial, MalformedSip problem) {
        StringBuilder out = new StringBuilder(512).append("SIP/2.0 400 ").append(problem.reasonPhrase()).append("\r\n");
        for (Via via : partial.getViaHeaders()) {
            out.append(via.encode());
        }
        append(out, partial.getFrom());
        if (partial.getTo() instanceof To to) {
            To tagged = (To) to.clone();
            if (tagged.getTag() == null) {
                try {
                    tagged.setTag(Long.toHexString(ThreadLocalRandom.current().nextLong()));
                } catch (ParseException e) {
                    throw new IllegalStateException(e);
                }
            }
            out.append(tagged.encode());
        }
        append(out, partial.getCallId());
        append(out, partial.getCSeq());
        append(out, messages.serverHeader());
        out.append("Content-Length: 0\r\n\r\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * 505, 416 or 420 to a well-formed request (RFC 3261 §8.2.2, §21.5.6); a 420 lists in Unsupported
     * the Require tags it refuses (§8.2.2.3).
     */
    Response unsupported(SIPRequest request, UnsupportedRequest reason) {
        Response response = messages.response(request, reason.status(), reason.reasonPhrase());
        if (reason == UnsupportedRequest.OPTION_TAG) {
            try {
                for (String tag : RequestInspection.unsupportedOptionTags(request)) {
                    response.addHeader(messages.headers().createUnsupportedHeader(tag));
                }
            } catch (ParseException e) {
                throw new IllegalStateException("RI rejected an option tag it parsed itself", e);
            }
        }
        return response;
    }

    /** RFC 3261 §21.5.4: 503 with Retry-After, so the client tries again later or elsewhere. */
    Response overloaded(SIPRequest request) {
        Response response = messages.response(request, Response.SERVICE_UNAVAILABLE);
        response.setHeader(retryAfter);
        return response;
    }

    private static void append(StringBuilder out, Object header) {
        if (header instanceof SIPHeader sipHeader) {
            out.append(sipHeader.encode());
        }
    }
}
