package io.switchboard.queue.call;

import io.switchboard.common.worker.CallEnd;
import io.switchboard.common.worker.DialedCall;
import io.switchboard.common.worker.WorkerApplication;
import io.switchboard.common.worker.WorkerCall;
import io.switchboard.common.worker.WorkerSession;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An answered caller without sockets: it writes down what its session asks for (prompts, transfers,
 * hang-up, timers) and lets the test deliver the session's events as the worker would (under the
 * call's lock; a hang-up by the session ends the call from inside {@link #hangUp()}). Its timers are
 * the {@link ManualTimers}', so they fire as the test moves the clock. Every event the test delivers
 * waits until the queue has handled it.
 */
final class FakeWorkerCall implements WorkerCall {
    /** A REFER: blind when {@code replacing} is null, attended (Replaces) otherwise. */
    record Transfer(String target, DialedCall replacing) {
    }

    static final InetSocketAddress SIGNALING = new InetSocketAddress("127.0.0.1", 5060);

    private final String callId;
    private final String number;
    private final String display;
    private final ManualTimers timers;
    private WorkerSession session;
    private final List<String> played = new ArrayList<>();
    private final List<Transfer> transfers = new ArrayList<>();
    private int lastPlayId;
    private CallEnd ended;
    /** Signaling's {@code Switchboard-*} headers on the INVITE, by lower-case name. */
    private final java.util.Map<String, String> clusterHeaders = new java.util.HashMap<>();

    FakeWorkerCall(String callId, String number, String display, ManualTimers timers) {
        this.callId = callId;
        this.number = number;
        this.display = display;
        this.timers = timers;
    }

    /** A {@code Switchboard-*} header signaling put on the INVITE (before {@link #open}). */
    FakeWorkerCall withClusterHeader(String name, String value) {
        clusterHeaders.put(name.toLowerCase(java.util.Locale.ROOT), value);
        return this;
    }

    /** The application's session for this call, as the worker opens it when the INVITE is admitted. */
    FakeWorkerCall open(WorkerApplication application) {
        synchronized (this) {
            session = application.open(this);
        }
        return this;
    }

    // ---- the worker's events, delivered by the test ----

    /** The ACK came: the session starts. */
    void start() {
        synchronized (this) {
            session.onStarted();
        }
        timers.settle();
    }

    /** The prompt playing now ended. */
    void promptFinished() {
        synchronized (this) {
            if (ended == null) {
                session.onPromptFinished(lastPlayId);
            }
        }
        timers.settle();
    }

    void press(char digit) {
        synchronized (this) {
            if (ended == null) {
                session.onDigit(digit);
            }
        }
        timers.settle();
    }

    /** BYE from the caller. */
    void callerHangsUp() {
        synchronized (this) {
            end(CallEnd.CALLER_HUNG_UP);
        }
        timers.settle();
    }

    /** The node shuts down: the worker sends BYE. */
    /** Our node stops with another queue node online: the call is let go without a BYE. */
    void nodeHandsOver() {
        synchronized (this) {
            end(CallEnd.HANDED_OVER);
        }
        timers.settle();
    }

    void nodeShutsDown() {
        synchronized (this) {
            end(CallEnd.SHUTDOWN);
        }
        timers.settle();
    }

    /** The REFER's final NOTIFY said 2xx: our leg ends with BYE. */
    void transferSucceeds() {
        synchronized (this) {
            if (transfers.isEmpty()) {
                throw new IllegalStateException("call " + callId + " was not transferred");
            }
            end(CallEnd.TRANSFERRED);
        }
        timers.settle();
    }

    /** The REFER failed: the caller is still ours. */
    void transferFails(String why) {
        synchronized (this) {
            if (ended == null) {
                session.onTransferFailed(why);
            }
        }
        timers.settle();
    }

    // ---- what the test reads ----

    synchronized List<String> played() {
        return List.copyOf(played);
    }

    synchronized String playing() {
        return played.isEmpty() ? "" : played.get(played.size() - 1);
    }

    synchronized List<Transfer> transfers() {
        return List.copyOf(transfers);
    }

    /** How the call ended; null while it goes on. */
    synchronized CallEnd ended() {
        return ended;
    }

    // ---- WorkerCall: what the session asks for ----

    @Override
    public io.switchboard.common.worker.CallMedia media() {
        return null; // these sessions play prompts through the call; they never touch its stream
    }

    @Override
    public String callId() {
        return callId;
    }

    @Override
    public synchronized void play(int playId, String prompt) {
        if (ended == null) {
            played.add(prompt);
            lastPlayId = playId;
        }
    }

    @Override
    public synchronized void stopPlayback() {
    }

    @Override
    public synchronized void armTimer(Duration after) {
        timers.schedule(this::timerFired, after.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void timerFired() {
        if (ended == null) {
            session.onTimer();
        }
    }

    @Override
    public synchronized void hangUp() {
        end(CallEnd.HUNG_UP);
    }

    @Override
    public synchronized void transfer(String target) {
        if (ended == null) {
            transfers.add(new Transfer(target, null));
        }
    }

    @Override
    public synchronized void transfer(String target, DialedCall replacing) {
        if (replacing.replaces() == null) {
            throw new IllegalStateException("call " + replacing.callId() + " is not answered: nothing to replace");
        }
        if (ended == null) {
            transfers.add(new Transfer(target, replacing));
        }
    }

    /** Signaling's {@code Switchboard-*} headers: those the test gave. */
    @Override
    public java.util.Optional<String> clusterHeader(String name) {
        return java.util.Optional.ofNullable(clusterHeaders.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    @Override
    public String callerNumber() {
        return number;
    }

    @Override
    public String callerDisplayName() {
        return display;
    }

    @Override
    public InetSocketAddress signaling() {
        return SIGNALING;
    }

    private void end(CallEnd end) {
        if (ended == null) {
            ended = end;
            session.onEnded(end);
        }
    }
}
