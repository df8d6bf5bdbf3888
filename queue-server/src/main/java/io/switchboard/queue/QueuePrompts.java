package io.switchboard.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
        for (int i = 1; i <= 20; i++) {
            names.add("number-" + i);
        }
        SHIPPED = List.copyOf(names);
    }

    private QueuePrompts() {
    }

    static void install(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String name : SHIPPED) {
                Path file = dir.resolve(name + ".wav");
                if (Files.exists(file)) {
                    continue;
                }
                try (InputStream in = QueuePrompts.class.getClassLoader().getResourceAsStream("prompts/" + name + ".wav")) {
                    if (in == null) {
                        throw new IOException("prompt " + name + " missing from the queue server jar");
                    }
                    Files.copy(in, file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the queue prompts into " + dir, e);
        }
    }
}
