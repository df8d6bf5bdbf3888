package io.switchboard.ivr.session;

import io.switchboard.common.ivr.TransferKind;
import java.time.Duration;

/**
 * What an {@link IvrSession} asks of the call it runs on: the media side plays prompts, the SIP
 * side transfers (REFER) or hangs up (BYE), and a timer wheel calls back. Called on the session's
 * thread; an implementation must not call back into the session from inside these methods.
 */
public interface IvrOutput {

    /**
     * Starts playing {@code prompt}, replacing anything playing. When it ends (or cannot be played)
     * the host calls {@link IvrSession#onPromptFinished(int)} with the same {@code playId}.
     */
    void play(int playId, String prompt);

    /** Stops the prompt playing now (the caller barged in); its finish need not be reported. */
    void stopPlayback();

    /** Hands the caller on; the session has ended. */
    void transfer(TransferKind kind, String target);

    /** Ends the call; the session has ended. */
    void hangUp();

    /**
     * Asks for {@link IvrSession#onTimer()} after {@code after}. The session keeps its own deadline,
     * so a timer armed earlier that still fires is harmless: the host need not cancel it.
     */
    void armTimer(Duration after);
}
