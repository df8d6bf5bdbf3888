package io.switchboard.signaling.call;

import io.switchboard.common.sip.ClientTransaction;
import io.switchboard.common.sip.ClientTransactionUser;
import io.switchboard.common.sip.ServerTransaction;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-dialog INFO (DTMF relay), MESSAGE, NOTIFY and OPTIONS from one leg: sent on to the other leg in
 * its own dialog with the same body, and the other side's final response relayed back (B2BUA form of
 * RFC 3261 §16). No 408 is made up for a non-INVITE that times out (RFC 4320).
 */
final class RequestRelay {
    private static final Logger LOG = LoggerFactory.getLogger(RequestRelay.class);

    private RequestRelay() {
    }

    static void passOn(CallControl control, ServerTransaction tx, CallLeg other) {
        Request request = tx.request();
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        byte[] body = request.getRawContent();
        Request out = other.nextRequest(control.sip(), request.getMethod(), control.contact(other),
                type == null ? null : type.getContentType() + "/" + type.getContentSubType(), body);
        control.transport().send(out, other.peer(), other.transport(), new ClientTransactionUser() {
            @Override
            public void onProvisional(ClientTransaction t, Response r) {
            }

            @Override
            public void onFinal(ClientTransaction t, Response r) {
                Response back = control.sip().response(request, r.getStatusCode(), r.getReasonPhrase());
                String answer = B2buaCall.body(r);
                if (answer != null) {
                    ContentTypeHeader ct = (ContentTypeHeader) r.getHeader(ContentTypeHeader.NAME);
                    try {
                        back.setContent(answer, ct);
                    } catch (java.text.ParseException e) {
                        LOG.debug("dropping body of {} answer: {}", request.getMethod(), e.getMessage());
                    }
                }
                tx.respond(back);
            }

            @Override
            public void onTimeout(ClientTransaction t) {
                // RFC 4320: no 408 for a non-INVITE; the peer's own Timer F ends it.
            }

            @Override
            public void onTransportError(ClientTransaction t, String reason) {
                tx.respond(control.sip().response(request, Response.TEMPORARILY_UNAVAILABLE));
            }
        });
    }
}
