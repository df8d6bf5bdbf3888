package io.switchboard.ivr.call;

import io.switchboard.common.ivr.IvrApp;
import io.switchboard.common.ivr.TransferKind;
import io.switchboard.common.worker.CallEnd;
import io.switchboard.common.worker.WorkerCall;
import io.switchboard.common.worker.WorkerSession;
import io.switchboard.ivr.session.IvrOutput;
import io.switchboard.ivr.session.IvrSession;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One caller's {@link IvrSession} on its answered call: the worker's events go into the menu, the
 * menu's commands go out to the call, and the IVR's counters are kept on the way. The worker runs
 * every callback under the call's lock, which is the one thread at a time the session needs.
 */
final class IvrCall implements WorkerSession, IvrOutput {
    private static final Logger LOG = LoggerFactory.getLogger(IvrCall.class);

    private final WorkerCall call;
    private final IvrMeters meters;
    private final IvrSession session;

    IvrCall(IvrApp app, WorkerCall call, IvrMeters meters, Clock clock) {
        this.call = call;
        this.meters = meters;
        this.session = new IvrSession(app, this, clock);
    }

    // ---- WorkerSession: events in ----

    @Override
    public void onStarted() {
        session.start();
    }

    @Override
    public void onDigit(char digit) {
        meters.digits.increment();
        session.onDigit(digit);
    }

    @Override
    public void onPromptFinished(int playId) {
        session.onPromptFinished(playId);
    }

    @Override
    public void onTimer() {
        session.onTimer();
    }

    @Override
    public void onTransferFailed(String why) {
        meters.transferFailures.increment();
        LOG.info("IVR call {}: transfer failed ({}), back to the menu", call.callId(), why);
        session.onTransferFailed();
    }

    @Override
    public void onEnded(CallEnd end) {
        if (end == CallEnd.TRANSFERRED) {
            meters.transfers.increment();
        }
        session.onCallerHangUp();
    }

    // ---- IvrOutput: commands out ----

    @Override
    public void play(int playId, String prompt) {
        meters.played(prompt);
        call.play(playId, prompt);
    }

    @Override
    public void stopPlayback() {
        call.stopPlayback();
    }

    @Override
    public void armTimer(Duration after) {
        call.armTimer(after);
    }

    @Override
    public void hangUp() {
        call.hangUp();
    }

    /** Blind transfer (RFC 3515, RFC 5589 §6): the worker REFERs signaling, which reports by NOTIFY sipfrag. */
    @Override
    public void transfer(TransferKind kind, String target) {
        LOG.info("IVR call {} transfers to {} {}", call.callId(), kind, target);
        call.transfer(target);
    }
}
