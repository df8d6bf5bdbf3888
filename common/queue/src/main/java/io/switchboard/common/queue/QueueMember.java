package io.switchboard.common.queue;

import java.io.Serializable;

/**
 * An agent's membership of one queue.
 *
 * @param extension the agent's user extension
 * @param tier      lower tiers are offered calls first; the next tier joins after the queue's tier wait (penalty)
 * @param weight    for weighted-random: how likely this agent is picked against the others (1-100)
 */
public record QueueMember(String extension, int tier, int weight) implements Serializable {
    public QueueMember {
        if (extension == null || extension.isBlank()) {
            throw new IllegalArgumentException("a queue member needs an extension");
        }
    }

    public static QueueMember of(String extension) {
        return new QueueMember(extension, 1, 1);
    }
}
