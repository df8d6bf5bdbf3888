package io.switchboard.signaling.call;

import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of one call that arrive while it awaits a media node's ng reply. When ng was a
 * blocking call they waited on the call's monitor; now they wait here, holding no thread, and run
 * in arrival order once the reply has been handled, so the call still sees one event at a time and
 * no event sees a half-done step. Not thread-safe: used under the call's monitor only.
 */
final class HeldEvents {
    private static final Logger LOG = LoggerFactory.getLogger(HeldEvents.class);

    private final String callId;
    private final ArrayDeque<Runnable> events = new ArrayDeque<>();
    private boolean awaiting;

    HeldEvents(String callId) {
        this.callId = callId;
    }

    /** From now until {@link #release}, events are held. */
    void await() {
        awaiting = true;
    }

    boolean awaiting() {
        return awaiting;
    }

    /** True if {@code event} was kept for later; false if it is to run now. */
    boolean hold(Runnable event) {
        if (!awaiting) {
            return false;
        }
        events.add(event);
        return true;
    }

    /**
     * The reply came: runs {@code continuation}, then the held events in order until one of them
     * awaits a reply again (the rest stay held for that one).
     */
    void release(Runnable continuation) {
        awaiting = false;
        run(continuation);
        while (!awaiting && !events.isEmpty()) {
            run(events.poll());
        }
    }

    private void run(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            // One failed event must not strand the ones behind it.
            LOG.warn("call {}: event failed: {}", callId, e.toString());
        }
    }
}
