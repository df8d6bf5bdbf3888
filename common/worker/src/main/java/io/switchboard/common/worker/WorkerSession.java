package io.switchboard.common.worker;

/**
 * What happens to one answered call, as its application sees it. Every callback runs under the
 * call's lock, one at a time, on a SIP worker or the role's event executor, never on a media event
 * loop; so a session needs no locking of its own. It answers through its {@link WorkerCall}.
 */
public interface WorkerSession {

    /** The caller's ACK came (RFC 3261 §13.3.1.4): media runs now and the application may play. */
    void onStarted();

    /** A key: RFC 4733 telephone-event, in-band tone or SIP INFO ({@code 0-9 * # A-D}). Only after {@link #onStarted()}. */
    void onDigit(char digit);

    /** The prompt started by {@link WorkerCall#play} with {@code playId} ended. */
    void onPromptFinished(int playId);

    /** A timer armed by {@link WorkerCall#armTimer} fired; the call does not cancel earlier ones. */
    void onTimer();

    /**
     * The transfer asked for by {@link WorkerCall#transfer} failed (REFER refused or timed out, or a
     * final NOTIFY sipfrag that is not 2xx, RFC 3515 §2.4.5): the caller is still ours.
     */
    void onTransferFailed(String why);

    /**
     * The call is over and its media closed; nothing more will be delivered. Exactly once per call;
     * when the session itself hung up, it comes from inside {@link WorkerCall#hangUp()}.
     */
    void onEnded(CallEnd end);
}
