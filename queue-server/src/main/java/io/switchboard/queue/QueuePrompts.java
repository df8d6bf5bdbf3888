package io.switchboard.queue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The prompts a queue node ships (music on hold, greeting, position announcements, callback and
 * feature-code confirmations), copied into the prompt directory when missing, never over an
 * operator's file: an operator replaces {@code moh.wav} with its own music by writing that file.
 */
final class QueuePrompts {
    static final List<String> SHIPPED;

    static {
        List<String> names = new ArrayList<>(List.of("moh", "queue-welcome", "queue-you-are-caller", "queue-many-callers-ahead",
                "queue-estimated-wait", "queue-less-than-a-minute", "queue-minutes", "queue-more-than-20-minutes",
                "queue-callback-offer", "queue-callback-confirmed", "queue-callback-intro", "agent-logged-in",
                "agent-logged-out", "agent-paused", "agent-unpaused", "agent-not-a-member"));
        SHIPPED = List.copyOf(names);
    }

    private QueuePrompts() {
    }

    static void install(Path dir) {
        io.switchboard.common.prompt.ShippedPrompts.install(dir, QueuePrompts.class, SHIPPED, "queue server");
        io.switchboard.common.prompt.ShippedPrompts.install(dir, io.switchboard.common.prompt.ShippedPrompts.class,
                io.switchboard.common.prompt.ShippedPrompts.NUMBERS, "media engine");
    }
}
