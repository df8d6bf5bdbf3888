package io.switchboard.common.worker;

import io.switchboard.common.rtp.MediaNegotiation;
import io.switchboard.common.sdp.SessionDescription;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.sip.address.SipURI;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Decides whether a new INVITE is answered, in this order: the dialled number has an application
 * (else 404), a session is free (else 503 + Retry-After), the body is an SDP offer (else 488) that
 * parses (else 400), an RTP port pair is free (else 503 + Retry-After), and the offer shares a codec
 * with us (else 488, RFC 3264 §6). The cheap checks come before the port is bound, and a port bound
 * for a call that is then refused is closed here.
 */
final class InviteAdmission {
    private final WorkerRole role;
    private final WorkerApplications applications;
    private final MediaPorts ports;
    private final MediaNegotiation negotiation;

    InviteAdmission(WorkerRole role, WorkerApplications applications, MediaPorts ports, MediaNegotiation negotiation) {
        this.role = role;
        this.applications = applications;
        this.ports = ports;
        this.negotiation = negotiation;
    }

    /** {@code live}: calls this node holds now. */
    Admission admit(Request invite, int live) {
        String number = invite.getRequestURI() instanceof SipURI uri ? uri.getUser() : null;
        Optional<WorkerApplication> application = number == null ? Optional.empty() : applications.byNumber(number);
        if (application.isEmpty()) {
            return new Admission.Refused(Response.NOT_FOUND,
                    "Not Found - no " + role.label() + " application on " + number, false);
        }
        if (live >= role.maxSessions()) {
            return new Admission.Refused(Response.SERVICE_UNAVAILABLE,
                    "Service Unavailable - " + role.label() + " node full", true);
        }
        byte[] raw = invite.getRawContent();
        if (raw == null || raw.length == 0) {
            return new Admission.Refused(Response.NOT_ACCEPTABLE_HERE,
                    "Not Acceptable Here - an SDP offer is required", false);
        }
        SessionDescription offer;
        try {
            offer = SessionDescription.parse(new String(raw, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return new Admission.Refused(Response.BAD_REQUEST, "Bad Request - unreadable SDP", false);
        }
        CallMedia media = ports.open(number);
        if (media == null) {
            return new Admission.Refused(Response.SERVICE_UNAVAILABLE, "Service Unavailable - no RTP port", true);
        }
        try {
            MediaNegotiation.Answer answer = negotiation.answer(offer, role.advertisedAddress(), media.localPort());
            if (answer.media().isEmpty()) {
                media.close();
                return new Admission.Refused(Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here - no common codec", false);
            }
            return new Admission.Accepted(application.get(), media, answer.media().get(), answer.sdp().write());
        } catch (RuntimeException e) {
            media.close();
            throw e;
        }
    }
}
