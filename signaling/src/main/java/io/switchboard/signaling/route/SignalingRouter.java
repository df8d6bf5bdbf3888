package io.switchboard.signaling.route;

import io.switchboard.common.sip.ServerTransaction;
import io.switchboard.common.sip.SipMessages;
import io.switchboard.common.sip.SipRequestHandler;
import io.switchboard.signaling.registrar.Registrar;
import java.text.ParseException;
import java.util.Set;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The transaction user of the signaling process. REGISTER goes to the registrar, OPTIONS is
 * answered here (health probes and NAT keep-alives); methods we know but do not serve yet get 405
 * with Allow, methods we do not know get 501 (RFC 3261 §8.2.1). Nothing is left unanswered.
 */
public final class SignalingRouter implements SipRequestHandler {
    static final String ALLOW = "REGISTER, OPTIONS";
    private static final Set<String> KNOWN = Set.of("INVITE", "ACK", "BYE", "CANCEL", "INFO", "MESSAGE", "NOTIFY",
            "PRACK", "PUBLISH", "REFER", "SUBSCRIBE", "UPDATE");
    private final Registrar registrar;
    private final SipMessages sip;

    public SignalingRouter(Registrar registrar, SipMessages sip) {
        this.registrar = registrar;
        this.sip = sip;
    }

    @Override
    public void onRequest(ServerTransaction tx) {
        String method = tx.request().getMethod();
        switch (method) {
            case Request.REGISTER -> registrar.onRegister(tx);
            case Request.OPTIONS -> tx.respond(withAllow(sip.response(tx.request(), Response.OK)));
            case Request.ACK -> { } // an ACK never gets a response (RFC 3261 §17.1.1.3)
            default -> tx.respond(KNOWN.contains(method)
                    ? withAllow(sip.response(tx.request(), Response.METHOD_NOT_ALLOWED))
                    : withAllow(sip.response(tx.request(), Response.NOT_IMPLEMENTED)));
        }
    }

    private Response withAllow(Response response) {
        try {
            // Allow is a list header in the RI: one header object per method.
            for (String method : ALLOW.split(", ")) {
                response.addHeader(sip.headers().createAllowHeader(method));
            }
            response.setHeader(sip.headers().createAcceptHeader("application", "sdp"));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        return response;
    }
}
