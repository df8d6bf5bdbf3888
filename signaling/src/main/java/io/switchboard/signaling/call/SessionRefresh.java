package io.switchboard.signaling.call;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import javax.sip.message.Response;

/**
 * The session timers of an answered call, one per leg (RFC 4028 §10): where we are the refresher we
 * re-INVITE the leg with the SDP it last had from us at half the interval; where the phone is, its
 * re-INVITE or UPDATE must come before the interval ends. A refresh that times out or gets 408/481,
 * or a refresh that never comes, means the phone is gone: the call is hung up (CDR ended by
 * {@value #ENDED_BY}), so no relay session or channel is held for a vanished phone.
 * Runs under the call's monitor, like {@link ReInvites}.
 */
final class SessionRefresh {
    static final String ENDED_BY = "session-timer";
    /** A refresh that meets another offer in progress waits this long and tries again. */
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final B2buaCall call;
    private final Side a = new Side(true);
    private final Side b = new Side(false);

    SessionRefresh(B2buaCall call) {
        this.call = call;
    }

    /** Starts both legs' timers once the call is answered (either may be null: no timer on that leg). */
    void arm(SessionTimer caller, SessionTimer callee) {
        a.timer = caller;
        b.timer = callee;
        a.schedule();
        b.schedule();
    }

    /** {@code leg} refreshed its session (a re-INVITE or UPDATE from it, or a 2xx from it to ours): its timer starts over. */
    void refreshed(CallLeg leg) {
        Side side = leg == call.a ? a : leg == call.b ? b : null;
        if (side != null) {
            side.schedule();
        }
    }

    void cancel() {
        a.cancel();
        b.cancel();
    }

    /** {@code leg} left the call (it parked it): nothing refreshes it or waits for it any more. */
    void stop(CallLeg leg) {
        Side side = leg == call.a ? a : leg == call.b ? b : null;
        if (side != null) {
            side.cancel();
            side.timer = null;
        }
    }

    private final class Side {
        private final boolean caller;
        private SessionTimer timer;
        private ScheduledFuture<?> task;

        Side(boolean caller) {
            this.caller = caller;
        }

        CallLeg leg() {
            return caller ? call.a : call.b;
        }

        void schedule() {
            cancel();
            if (timer == null || call.ended) {
                return;
            }
            task = timer.weRefresh()
                    ? call.schedule(() -> call.event(this::refresh), Duration.ofMillis(timer.refreshAfterMillis()))
                    : call.schedule(() -> call.event(this::expire), Duration.ofMillis(timer.expireAfterMillis()));
        }

        void cancel() {
            if (task != null) {
                task.cancel(false);
                task = null;
            }
        }

        private void refresh() {
            CallLeg leg = leg();
            if (call.ended || leg == null) {
                return;
            }
            if (call.reInvites.inProgress() || call.transfer != null || call.attended != null) {
                // That exchange refreshes the session itself, or ours would collide with it (491).
                task = call.schedule(() -> call.event(this::refresh), RETRY);
                return;
            }
            String offer = caller ? call.sdpToA : call.sdpToB;
            call.reInvites.own(leg, offer, answer -> schedule(), (status, reason) -> {
                if (status == Response.REQUEST_TIMEOUT || status == Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST
                        || status == Response.TEMPORARILY_UNAVAILABLE) {
                    call.hangUp(ENDED_BY, "session refresh of " + leg.remoteUri() + " failed: " + status + " " + reason
                            + " (RFC 4028 §10)");
                } else if (status == Response.REQUEST_PENDING) {
                    task = call.schedule(() -> call.event(this::refresh), RETRY);
                } else {
                    // The phone is there and answered: a refusal of the refresh is no reason to end its call.
                    schedule();
                }
            });
        }

        private void expire() {
            CallLeg leg = leg();
            if (call.ended || leg == null) {
                return;
            }
            call.hangUp(ENDED_BY, "no session refresh from " + leg.remoteUri() + " within " + timer.seconds() + " s (RFC 4028 §10)");
        }
    }
}
