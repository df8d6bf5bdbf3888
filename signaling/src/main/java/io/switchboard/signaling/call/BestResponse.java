package io.switchboard.signaling.call;

/**
 * The response the caller gets when every fork of leg B failed (RFC 3261 §16.7 step 6, in B2BUA
 * form): a 6xx wins over everything, else the lowest class seen; 503 is never passed on (a failed
 * hop does not mean the callee's server is unavailable, §16.7) but becomes 480.
 */
final class BestResponse {
    private int status;
    private String reason;

    /** Takes one fork's final failure; returns the status as the caller would see it. */
    int offer(int forkStatus, String forkReason) {
        int mapped = forkStatus == 503 ? 480 : forkStatus;
        if (status == 0 || mapped >= 600 && status < 600 || status < 600 && mapped / 100 < status / 100) {
            status = mapped;
            reason = forkStatus == 503 ? "Temporarily Unavailable" : forkReason;
        }
        return mapped;
    }

    /** The best status so far, 0 before any. */
    int status() {
        return status;
    }

    String reason() {
        return reason == null ? "Failed" : reason;
    }
}
