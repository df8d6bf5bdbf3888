package io.switchboard.signaling.call;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A ring group's call: the steps still to ring (each a set of members rung together, for {@code step}),
 * then {@code fallthrough}. Only the call's own loop touches it.
 */
final class Hunt {
    private final Deque<List<String>> steps;
    private final Duration step;
    private final String fallthrough;
    private final String group;

    Hunt(String group, List<List<String>> steps, Duration step, String fallthrough) {
        this.group = group;
        this.steps = new ArrayDeque<>(steps);
        this.step = step;
        this.fallthrough = fallthrough;
    }

    /** The members of the step ringing now (what a directed or group pickup asks about). */
    private List<String> current = List.of();

    /** The next step's members, or null after the last. */
    List<String> next() {
        List<String> n = steps.pollFirst();
        current = n == null ? List.of() : n;
        return n;
    }

    List<String> current() {
        return current;
    }

    Duration step() {
        return step;
    }

    String fallthrough() {
        return fallthrough;
    }

    String group() {
        return group;
    }
}
