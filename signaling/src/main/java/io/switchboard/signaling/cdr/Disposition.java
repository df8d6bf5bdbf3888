package io.switchboard.signaling.cdr;

/** How a call ended, as operators read it; the exact SIP status is kept beside it. */
public enum Disposition {
    ANSWERED, BUSY, NO_ANSWER, CANCELLED, DECLINED, NOT_FOUND, UNAVAILABLE, FAILED;

    /** The disposition of an unanswered call from the final status the caller got. */
    public static Disposition ofFailure(int status) {
        return switch (status) {
            case 486, 600 -> BUSY;
            case 408, 480 -> NO_ANSWER;
            case 487 -> CANCELLED;
            case 603 -> DECLINED;
            case 404, 484, 604 -> NOT_FOUND;
            case 503 -> UNAVAILABLE;
            default -> FAILED;
        };
    }
}
