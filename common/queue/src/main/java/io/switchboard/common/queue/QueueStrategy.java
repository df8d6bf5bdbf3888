package io.switchboard.common.queue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a queue picks the agent to ring (the names are what the API and CLI take). */
public enum QueueStrategy {
    /** Every available agent of the lowest tier at once; the first to answer takes the call. */
    RINGALL("ringall"),
    /** One agent at a time, going on from the one after the agent rung last. */
    ROUND_ROBIN("round-robin"),
    /** The agent whose last queue call was offered longest ago. */
    LEAST_RECENT("least-recent"),
    /** The agent who has answered the fewest queue calls. */
    FEWEST_CALLS("fewest-calls"),
    /** The agent idle (available, not on a call) the longest. */
    LONGEST_IDLE("longest-idle"),
    RANDOM("random"),
    /** Members in the order the queue lists them, always from the first. */
    LINEAR("linear"),
    /** Random, each agent as likely as its weight. */
    WEIGHTED_RANDOM("weighted-random");

    private final String label;

    QueueStrategy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<QueueStrategy> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(s -> s.label.equals(wanted)).findFirst();
    }

    /** "ringall, round-robin, ...": for errors that name what is accepted. */
    public static String names() {
        return Arrays.stream(values()).map(QueueStrategy::label).collect(Collectors.joining(", "));
    }
}
