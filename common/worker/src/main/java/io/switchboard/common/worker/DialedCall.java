package io.switchboard.common.worker;

/** A call placed by {@link WorkerCalls#dial}, as its application drives it. Thread-safe. */
public interface DialedCall {

    String callId();

    /**
     * CANCEL while it rings (RFC 3261 §9.1: {@link DialListener#onFailed} follows with 487), BYE once
     * answered ({@link DialListener#onEnded}); nothing after the end.
     */
    void hangUp();

    /**
     * The RFC 3891 Replaces value naming this dialog from signaling's side (Call-ID, to-tag = signaling's
     * tag, from-tag = ours), unescaped; null before the answer.
     */
    String replaces();

    /**
     * Attended transfer from a placed call (a callback: the caller we called back is joined to the
     * agent we called first): REFER with Replaces naming {@code replacing}; the outcome comes as
     * {@link DialListener#onTransferred} (our leg then ended with BYE) or {@link DialListener#onTransferFailed}.
     */
    void transfer(String target, DialedCall replacing);
}
