package io.switchboard.signaling.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldEventsTest {
    private final HeldEvents held = new HeldEvents("c1");
    private final List<String> ran = new ArrayList<>();

    /** An event as the call writes one: held while a reply is awaited, else it runs. */
    private void event(String name) {
        if (!held.hold(() -> event(name))) {
            ran.add(name);
        }
    }

    @Test
    void eventsRunAtOnceWhenNothingIsAwaited() {
        event("180");
        event("BYE");
        assertThat(ran).containsExactly("180", "BYE");
    }

    @Test
    void eventsArrivingDuringTheWaitRunAfterTheContinuationInArrivalOrder() {
        held.await();
        event("BYE from callee");
        event("CANCEL");
        assertThat(ran).isEmpty();
        held.release(() -> ran.add("200 to caller"));
        assertThat(ran).containsExactly("200 to caller", "BYE from callee", "CANCEL");
        assertThat(held.awaiting()).isFalse();
    }

    @Test
    void anEventThatAwaitsAgainKeepsTheRestHeldForItsOwnReply() {
        held.await();
        held.hold(() -> {
            ran.add("re-INVITE");
            held.await();
        });
        event("INFO");
        held.release(() -> ran.add("answer anchored"));
        assertThat(ran).containsExactly("answer anchored", "re-INVITE");
        assertThat(held.awaiting()).isTrue();
        held.release(() -> ran.add("re-offer anchored"));
        assertThat(ran).containsExactly("answer anchored", "re-INVITE", "re-offer anchored", "INFO");
    }

    @Test
    void aFailingEventDoesNotStrandTheOnesBehindIt() {
        held.await();
        held.hold(() -> {
            throw new IllegalStateException("broken request");
        });
        event("BYE");
        held.release(() -> {
            throw new IllegalStateException("broken continuation");
        });
        assertThat(ran).containsExactly("BYE");
    }
}
