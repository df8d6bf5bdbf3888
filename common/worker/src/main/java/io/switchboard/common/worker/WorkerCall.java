package io.switchboard.common.worker;

import java.time.Duration;

/**
 * One answered call as its {@link WorkerSession} drives it. Called from the session's callbacks
 * (under the call's lock); calls after the end are ignored.
 */
public interface WorkerCall {

    /** The dialog's Call-ID, for logs. */
    String callId();

    /**
     * Plays the named prompt (from the role's prompt library; a tone when the file is missing),
     * replacing anything playing; {@link WorkerSession#onPromptFinished} follows with {@code playId}.
     */
    void play(int playId, String prompt);

    /** Stops the prompt playing now; its end is not reported. */
    void stopPlayback();

    /** {@link WorkerSession#onTimer()} after {@code after}. */
    void armTimer(Duration after);

    /** BYE (RFC 3261 §15.1.1) and the end of the call. */
    void hangUp();

    /**
     * Blind transfer (RFC 3515, RFC 5589 §6): REFER to signaling, which resolves {@code target} (a
     * number). A 2xx sipfrag ends our leg with BYE ({@link CallEnd#TRANSFERRED}); a failure calls
     * {@link WorkerSession#onTransferFailed}.
     */
    void transfer(String target);

    /**
     * Attended transfer (RFC 5589 §7): REFER whose Refer-To carries Replaces (RFC 3891) naming
     * {@code replacing}, an answered call we placed: signaling joins this caller with that call's far
     * end on the media node and releases both our dialogs. Reported as {@link #transfer(String)} is.
     */
    void transfer(String target, DialedCall replacing);

    /**
     * A {@code Switchboard-*} header of the INVITE we answered: what signaling tells its workers about
     * the call (a queue caller's original join time when it is re-offered after its node was lost).
     * Only signaling reaches a worker (others get 403), so these are trusted.
     */
    java.util.Optional<String> clusterHeader(String name);

    /** The caller's number: the user part of the From of the INVITE we answered (empty when it has none). */
    String callerNumber();

    /** The caller's display name from that From (empty when none). */
    String callerDisplayName();

    /** Signaling's SIP address, where this call came from: calls the application places go there too. */
    java.net.InetSocketAddress signaling();

    /**
     * The call's RTP stream, for a session that sends and hears audio itself (a conference seat) rather
     * than prompts; its frames arrive and leave on {@link CallMedia#loop()}.
     */
    CallMedia media();
}
