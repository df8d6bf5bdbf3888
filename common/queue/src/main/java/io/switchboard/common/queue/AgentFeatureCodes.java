package io.switchboard.common.queue;

import java.util.Optional;
import java.util.Set;

/**
 * The codes an agent dials from its own phone: signaling routes them like a queue number to a
 * queue node, which answers, changes the caller's {@link AgentState} through {@link QueueAgents}
 * and plays a confirmation. The names are what routing hands the queue node in place of a queue's
 * name, so no queue may be called by them ({@link QueueDefinition#problems()} refuses them).
 */
public final class AgentFeatureCodes {
    /** Dialled to log in, or out when logged in ({@link QueueAgents#toggleLogin}). */
    public static final String LOGIN_TOGGLE = "*45";
    /** Dialled to pause, or unpause when paused ({@link QueueAgents#togglePause}). */
    public static final String PAUSE_TOGGLE = "*46";
    /** The name {@link #LOGIN_TOGGLE} routes to. */
    public static final String LOGIN_TOGGLE_NAME = "agent-login";
    /** The name {@link #PAUSE_TOGGLE} routes to. */
    public static final String PAUSE_TOGGLE_NAME = "agent-pause";

    private static final Set<String> NAMES = Set.of(LOGIN_TOGGLE_NAME, PAUSE_TOGGLE_NAME);

    private AgentFeatureCodes() {
    }

    /** The feature's name when {@code number} is one of the codes, else empty. */
    public static Optional<String> nameOf(String number) {
        if (LOGIN_TOGGLE.equals(number)) {
            return Optional.of(LOGIN_TOGGLE_NAME);
        }
        if (PAUSE_TOGGLE.equals(number)) {
            return Optional.of(PAUSE_TOGGLE_NAME);
        }
        return Optional.empty();
    }

    /** Whether {@code name} is a feature's name (and so not a queue's). */
    public static boolean isFeatureName(String name) {
        return name != null && NAMES.contains(name);
    }
}
