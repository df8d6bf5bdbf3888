package io.switchboard.common.worker;

/**
 * What happens to a call placed by {@link WorkerCalls#dial}. Called under the call's lock on a SIP
 * worker thread: implementations hand the event to their own executor and return.
 */
public interface DialListener {

    /** 180/183 from the far end. */
    void onRinging(DialedCall call);

    /** 2xx: we sent the ACK and our RTP stream runs (its media is silence until the call is joined elsewhere). */
    void onAnswered(DialedCall call);

    /** The call ended before an answer: a final non-2xx ({@code 487} after our CANCEL, 408 on timeout). */
    void onFailed(DialedCall call, int status, String reason);

    /** An answered call ended (BYE either way, node shut down); once. */
    void onEnded(DialedCall call, CallEnd end);

    /** A transfer asked for by {@link DialedCall#transfer} succeeded (2xx sipfrag); {@link #onEnded} follows. */
    default void onTransferred(DialedCall call) {
    }

    /** A transfer asked for by {@link DialedCall#transfer} failed; the call goes on. */
    default void onTransferFailed(DialedCall call, String why) {
    }
}
