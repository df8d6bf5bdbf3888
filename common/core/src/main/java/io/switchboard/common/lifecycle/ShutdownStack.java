package io.switchboard.common.lifecycle;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a role started, closed in reverse order: ports first, cluster last. A part that fails to
 * close is logged and the rest still close, so a half-started process releases everything.
 */
public final class ShutdownStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownStack.class);
    private final Deque<AutoCloseable> parts = new ArrayDeque<>();

    /** Registers a started part; it closes before everything pushed earlier. */
    public synchronized void push(AutoCloseable part) {
        parts.push(part);
    }

    @Override
    public synchronized void close() {
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception e) {
                LOG.warn("error while stopping: {}", e.toString());
            }
        }
    }
}
