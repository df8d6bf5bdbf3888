package io.switchboard.common.worker;

import io.switchboard.common.sip.SipMessages;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import javax.sip.InvalidArgumentException;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** The responses a worker sends: its 200 with SDP, Allow (RFC 3261 §20.5) and Retry-After (§20.33). */
final class WorkerResponses {
    /** What a worker UAS takes; REFER, UPDATE, MESSAGE and the rest get 405 with this list. */
    static final List<String> ALLOW = List.of("INVITE", "ACK", "BYE", "CANCEL", "INFO", "NOTIFY", "OPTIONS");
    /** Long enough for signaling to try the other nodes first, short enough to come back soon. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final SipMessages sip;

    WorkerResponses(SipMessages sip) {
        this.sip = sip;
    }

    Response plain(Request request, int status) {
        return sip.response(request, status);
    }

    /** A response carrying our Allow list (200 to OPTIONS, 405). */
    Response allowing(Request request, int status) {
        return withAllow(sip.response(request, status));
    }

    /** A 200 with {@code contact} and {@code sdp}: the answer to an INVITE or re-INVITE. */
    Response answer(Request invite, String contact, String sdp) {
        Response ok = withAllow(sip.response(invite, Response.OK));
        try {
            ok.addHeader(sip.headers().createHeader("Contact", contact));
            ContentTypeHeader type = sip.headers().createContentTypeHeader("application", "sdp");
            ok.setContent(sdp.getBytes(StandardCharsets.UTF_8), type);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        return ok;
    }

    Response refusal(Request invite, Admission.Refused refused) {
        Response r = sip.response(invite, refused.status(), refused.reason());
        if (refused.retryLater()) {
            try {
                r.addHeader(sip.headers().createRetryAfterHeader(RETRY_AFTER_SECONDS));
            } catch (InvalidArgumentException e) {
                throw new IllegalStateException(e);
            }
        }
        return r;
    }

    private Response withAllow(Response r) {
        try {
            r.removeHeader("Allow");
            for (String method : ALLOW) {
                r.addHeader(sip.headers().createAllowHeader(method));
            }
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        return r;
    }
}
