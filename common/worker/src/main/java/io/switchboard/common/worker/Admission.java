package io.switchboard.common.worker;

import io.switchboard.common.rtp.NegotiatedMedia;

/** What {@link InviteAdmission} decided for a new INVITE: a refusal to send, or a call to answer. */
sealed interface Admission {

    /**
     * The INVITE is refused with {@code status}; {@code retryLater} adds Retry-After (RFC 3261 §20.33)
     * to a 503, which tells signaling to try the next node of the role.
     */
    record Refused(int status, String reason, boolean retryLater) implements Admission {
    }

    /** The INVITE is answered: the application, its media (already bound) and our SDP answer (RFC 3264 §6). */
    record Accepted(WorkerApplication application, CallMedia media, NegotiatedMedia negotiated, String answerSdp)
            implements Admission {
    }
}
