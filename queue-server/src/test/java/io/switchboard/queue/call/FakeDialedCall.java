package io.switchboard.queue.call;

import io.switchboard.common.worker.CallEnd;
import io.switchboard.common.worker.Dial;
import io.switchboard.common.worker.DialListener;
import io.switchboard.common.worker.DialedCall;
import java.util.ArrayList;
import java.util.List;

/**
 * A call the queue placed, without sockets: the test plays the far end (ringing, answer, failure,
 * BYE, the outcome of a REFER) and every event waits until the queue has handled it. Our own
 * {@link #hangUp()} behaves as the worker's: CANCEL while it rings, whose 487 is reported at once,
 * BYE once answered.
 */
final class FakeDialedCall implements DialedCall {
    enum State { CALLING, RINGING, ANSWERED, ENDED }

    record Transfer(String target, DialedCall replacing) {
    }

    private final String callId;
    private final Dial dial;
    private final DialListener listener;
    private final ManualTimers timers;
    private State state = State.CALLING;
    private boolean hungUpByUs;
    private final List<Transfer> transfers = new ArrayList<>();

    FakeDialedCall(String callId, Dial dial, DialListener listener, ManualTimers timers) {
        this.callId = callId;
        this.dial = dial;
        this.listener = listener;
        this.timers = timers;
    }

    Dial dial() {
        return dial;
    }

    /** Where the call goes. */
    String number() {
        return dial.number();
    }

    synchronized State state() {
        return state;
    }

    /** Whether we hung it up (CANCEL or BYE). */
    synchronized boolean hungUpByUs() {
        return hungUpByUs;
    }

    synchronized List<Transfer> transfers() {
        return List.copyOf(transfers);
    }

    // ---- the far end, played by the test ----

    void ringing() {
        synchronized (this) {
            expect(State.CALLING);
            state = State.RINGING;
            listener.onRinging(this);
        }
        timers.settle();
    }

    void answered() {
        deliverAnswer();
        timers.settle();
    }

    /** The 2xx, handed to the queue without waiting for it to be handled (for races). */
    synchronized void deliverAnswer() {
        if (state != State.CALLING && state != State.RINGING) {
            throw new IllegalStateException("call " + callId + " cannot be answered: " + state);
        }
        state = State.ANSWERED;
        listener.onAnswered(this);
    }

    /** A final non-2xx: busy, declined, not found, timed out. */
    void failed(int status, String reason) {
        synchronized (this) {
            if (state != State.CALLING && state != State.RINGING) {
                throw new IllegalStateException("call " + callId + " cannot fail: " + state);
            }
            state = State.ENDED;
            listener.onFailed(this, status, reason);
        }
        timers.settle();
    }

    /** BYE from the far end (or from signaling, releasing our dialog after a join). */
    void farEndHangsUp() {
        synchronized (this) {
            expect(State.ANSWERED);
            state = State.ENDED;
            listener.onEnded(this, CallEnd.CALLER_HUNG_UP);
        }
        timers.settle();
    }

    /** The REFER asked for by {@link #transfer} succeeded: reported, then our leg ends with BYE. */
    void transferred() {
        synchronized (this) {
            expect(State.ANSWERED);
            if (transfers.isEmpty()) {
                throw new IllegalStateException("call " + callId + " was not transferred");
            }
            listener.onTransferred(this);
            state = State.ENDED;
            listener.onEnded(this, CallEnd.TRANSFERRED);
        }
        timers.settle();
    }

    void transferFails(String why) {
        synchronized (this) {
            expect(State.ANSWERED);
            listener.onTransferFailed(this, why);
        }
        timers.settle();
    }

    private void expect(State wanted) {
        if (state != wanted) {
            throw new IllegalStateException("call " + callId + " is " + state + ", not " + wanted);
        }
    }

    // ---- DialedCall: what the queue asks for ----

    @Override
    public String callId() {
        return callId;
    }

    @Override
    public synchronized void hangUp() {
        switch (state) {
            case CALLING, RINGING -> {
                hungUpByUs = true;
                state = State.ENDED;
                listener.onFailed(this, 487, "Request Terminated");
            }
            case ANSWERED -> {
                hungUpByUs = true;
                state = State.ENDED;
                listener.onEnded(this, CallEnd.HUNG_UP);
            }
            default -> { }
        }
    }

    @Override
    public synchronized String replaces() {
        return state == State.ANSWERED ? callId + ";to-tag=far;from-tag=ours" : null;
    }

    @Override
    public synchronized void transfer(String target, DialedCall replacing) {
        if (state != State.ANSWERED || replacing.replaces() == null) {
            throw new IllegalStateException("transfer needs both calls answered");
        }
        transfers.add(new Transfer(target, replacing));
    }

    @Override
    public String toString() {
        return "call " + callId + " to " + dial.number() + " (" + state() + ")";
    }
}
