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
}
