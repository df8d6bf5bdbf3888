package io.switchboard.signaling.call;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.sip.message.Request;

/**
 * The NOTIFYs of a REFER's implicit subscription (RFC 3515 §2.4.4, message/sipfrag bodies), paced:
 * the first 20 ms after the 202 (which leaves from the socket the REFER came in on, our NOTIFYs from
 * the listening one, and many phones mishandle a NOTIFY that overtakes the 202), each later one at
 * least 5 ms after the one before, so they arrive in order. One per call, used under its monitor.
 */
final class TransferNotifier {
    static final long FIRST_AFTER_NANOS = 20_000_000L;
    static final long SPACING_NANOS = 5_000_000L;

    private final B2buaCall call;
    private long nextAt;

    TransferNotifier(B2buaCall call) {
        this.call = call;
    }

    /** Queues a NOTIFY carrying {@code sipfrag} (a status line); {@code last} ends the subscription. */
    void send(CallLeg transferor, String sipfrag, boolean last) {
        long now = System.nanoTime();
        long at = dueAt(now);
        call.schedule(() -> {
            synchronized (call) {
                notifyNow(transferor, sipfrag, last);
            }
        }, Duration.ofNanos(at - now));
    }

    /** When a NOTIFY queued at {@code now} goes out; moves the pacing on. */
    long dueAt(long now) {
        long at = Math.max(now + FIRST_AFTER_NANOS, nextAt);
        nextAt = at + SPACING_NANOS;
        return at;
    }

    /** A final NOTIFY for a transfer that ended with {@code status}. */
    void sendFinal(CallLeg transferor, int status, String reason) {
        send(transferor, "SIP/2.0 " + status + " " + (reason == null ? "Failed" : reason), true);
    }

    private void notifyNow(CallLeg transferor, String sipfrag, boolean last) {
        String state = last ? "terminated;reason=noresource" : "active;expires=60";
        CallControl control = call.control;
        Request notify = transferor.nextRequest(control.sip(), Request.NOTIFY, control.contact(transferor),
                "message/sipfrag;version=2.0", (sipfrag + "\r\n").getBytes(StandardCharsets.UTF_8),
                "Event: refer\r\nSubscription-State: " + state + "\r\n");
        control.transport().send(notify, transferor.peer(), transferor.transport(), io.switchboard.common.sip.ClientTransactionUser.IGNORE);
    }
}
