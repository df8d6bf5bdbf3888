package io.switchboard.signaling.route;

import io.switchboard.common.sip.ServerTransaction;
import io.switchboard.common.sip.SipMessages;
import io.switchboard.common.sip.SipRequestHandler;
import io.switchboard.signaling.call.CallControl;
import io.switchboard.signaling.registrar.Registrar;
import javax.sip.header.ToHeader;
import java.text.ParseException;
import java.util.Set;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The transaction user of the signaling process. REGISTER goes to the registrar; INVITE and
 * requests inside a dialog go to call control; OPTIONS outside a dialog is answered here (health
 * probes and NAT keep-alives); methods we know but do not serve get 405 with Allow, methods we do
 * not know get 501 (RFC 3261 §8.2.1). Nothing is left unanswered but ACK.
 */
public final class SignalingRouter implements SipRequestHandler {
    static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, MESSAGE, NOTIFY, REFER, REGISTER";
    private static final Set<String> IN_DIALOG = Set.of("ACK", "BYE", "INFO", "MESSAGE", "NOTIFY", "OPTIONS", "UPDATE",
            "PRACK", "REFER", "SUBSCRIBE");
    private static final Set<String> KNOWN = Set.of("INVITE", "ACK", "BYE", "CANCEL", "INFO", "MESSAGE", "NOTIFY",
            "PRACK", "PUBLISH", "REFER", "SUBSCRIBE", "UPDATE");
    private final Registrar registrar;
    private final SipMessages sip;
    private volatile CallControl calls;
    /** False until every local role is up: a probe that gets 200 can then use all the banner lists. */
    private volatile boolean open;

    public SignalingRouter(Registrar registrar, SipMessages sip) {
        this.registrar = registrar;
        this.sip = sip;
    }

    /** Hands INVITE, ACK and in-dialog requests to call control from now on. */
    public void serveCalls(CallControl callControl) {
        this.calls = callControl;
    }

    /** From now on requests are served; before, they get 503 with Retry-After (the start-up warm-up aside). */
    public void open() {
        this.open = true;
    }

    /**
     * REGISTER, and INVITE to be challenged, are read without the RI when they have the plain shape
     * phones send (see {@link io.switchboard.common.sip.RawRequest}).
     */
    @Override
    public java.util.List<String> rawMethods() {
        return java.util.List.of(Request.REGISTER, Request.INVITE);
    }

    /** Before start-up ends only the warm-up's own REGISTERs come this way (they warm it); the RI path answers the rest 503. */
    @Override
    public boolean answerRaw(io.switchboard.common.sip.RawServerTransaction tx) {
        if (Request.INVITE.equals(tx.raw().method())) {
            CallControl callControl = calls;
            return open && callControl != null && callControl.challengeRaw(tx);
        }
        return (open || isWarmup(tx)) && registrar.onRegister(tx);
    }

    private static boolean isWarmup(io.switchboard.common.sip.RawServerTransaction tx) {
        String ua = tx.raw().value(io.switchboard.common.sip.RawRequest.USER_AGENT);
        return ua != null && tx.flow().remote().getAddress().isLoopbackAddress()
                && ua.contains(io.switchboard.common.sip.SipWarmup.USER_AGENT);
    }

    /**
     * REGISTER (the registrar never blocks: see {@link Registrar}) and OPTIONS outside a dialog are
     * served on the event loop that read them, with no hand-off to a worker.
     */
    @Override
    public boolean answerInline(ServerTransaction tx) {
        String method = tx.request().getMethod();
        if (!open && !isWarmup(tx)) {
            if (!Request.ACK.equals(method)) {
                Response busy = sip.response(tx.request(), Response.SERVICE_UNAVAILABLE, "Service Unavailable - starting");
                try {
                    busy.setHeader(sip.headers().createRetryAfterHeader(1));
                } catch (javax.sip.InvalidArgumentException e) {
                    throw new IllegalStateException(e);
                }
                tx.respond(busy);
            }
            return true;
        }
        if (Request.REGISTER.equals(method)) {
            registrar.onRegister(tx);
            return true;
        }
        if (Request.OPTIONS.equals(method) && ((ToHeader) tx.request().getHeader(ToHeader.NAME)).getTag() == null) {
            tx.respond(withAllow(sip.response(tx.request(), Response.OK)));
            return true;
        }
        return false;
    }

    /**
     * Call control runs on the event loop owning each Call-ID, not on workers: nothing on its path
     * blocks (users from the credential cache or read asynchronously, ng and cluster writes
     * asynchronous), and a call's events then meet on one thread.
     */
    @Override
    public boolean onShards() {
        return true;
    }

    @Override
    public void onRequest(ServerTransaction tx) {
        String method = tx.request().getMethod();
        CallControl cc = calls;
        boolean inDialog = ((ToHeader) tx.request().getHeader(ToHeader.NAME)).getTag() != null;
        if (cc != null && (Request.INVITE.equals(method) || inDialog && IN_DIALOG.contains(method))) {
            if (Request.INVITE.equals(method)) {
                cc.onInvite(tx);
            } else {
                cc.onInDialog(tx);
            }
            return;
        }
        switch (method) {
            case Request.REGISTER -> registrar.onRegister(tx);
            case Request.OPTIONS -> tx.respond(withAllow(sip.response(tx.request(), Response.OK)));
            case Request.ACK -> { } // an ACK never gets a response (RFC 3261 §17.1.1.3)
            case Request.BYE, Request.INFO, Request.NOTIFY -> tx.respond(sip.response(tx.request(),
                    Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
            default -> tx.respond(KNOWN.contains(method)
                    ? withAllow(sip.response(tx.request(), Response.METHOD_NOT_ALLOWED))
                    : withAllow(sip.response(tx.request(), Response.NOT_IMPLEMENTED)));
        }
    }

    /** The loopback requests SipWarmup sends to compile the SIP path before the listeners are opened to phones. */
    private static boolean isWarmup(ServerTransaction tx) {
        javax.sip.header.Header ua = tx.request().getHeader(javax.sip.header.UserAgentHeader.NAME);
        return ua != null && tx.flow().remote().getAddress().isLoopbackAddress()
                && ua.toString().contains(io.switchboard.common.sip.SipWarmup.USER_AGENT);
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
