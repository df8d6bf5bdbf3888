package io.switchboard.queue.logic;

import java.util.List;
import java.util.OptionalLong;

/**
 * A waiting caller's estimated wait, from the queue's recent answered calls.
 *
 * <p>Keeps the last {@code samples} answer waits and handle times (recent calls say more about the
 * next minutes than the whole day does). With handle times known, a caller at position P with A
 * agents logged in waits about {@code P * averageHandle / A}: the P callers up to and including it
 * are served by A agents who each free up once per handle time. Before any call has ended the
 * average answer wait is the estimate; before any call was answered, or with no agent logged in,
 * there is none.
 *
 * <p>Not thread-safe: owned by its queue's thread.
 */
public final class WaitEstimate {
    public static final int DEFAULT_SAMPLES = 20;

    private final Recent waits;
    private final Recent handles;

    public WaitEstimate() {
        this(DEFAULT_SAMPLES);
    }

    public WaitEstimate(int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("an estimate needs at least one sample, got " + samples);
        }
        this.waits = new Recent(samples);
        this.handles = new Recent(samples);
    }

    /** A caller was connected to an agent after waiting {@code waitMillis}. */
    public void answered(long waitMillis) {
        waits.add(Math.max(0, waitMillis));
    }

    /** An agent's queue call ended after {@code handleMillis} (answer to hang-up). */
    public void handled(long handleMillis) {
        handles.add(Math.max(0, handleMillis));
    }

    /** The estimated wait in whole seconds (rounded up) of the caller at {@code position}; empty when none is possible. */
    public OptionalLong estimateSeconds(int position, int agentsLoggedIn) {
        if (agentsLoggedIn < 1 || position < 1) {
            return OptionalLong.empty();
        }
        if (handles.count() > 0) {
            double millis = position * handles.average() / agentsLoggedIn;
            return OptionalLong.of((long) Math.ceil(millis / 1000.0));
        }
        if (waits.count() > 0) {
            return OptionalLong.of((long) Math.ceil(waits.average() / 1000.0));
        }
        return OptionalLong.empty();
    }

    /** The announcement's prompts for the caller at {@code position} ({@link Announcement}). */
    public List<String> announcement(int position, int agentsLoggedIn) {
        return Announcement.prompts(position, estimateSeconds(position, agentsLoggedIn));
    }

    /** The last {@code capacity} values, oldest overwritten first. */
    private static final class Recent {
        private final long[] values;
        private int next;
        private int count;

        Recent(int capacity) {
            values = new long[capacity];
        }

        void add(long v) {
            values[next] = v;
            next = (next + 1) % values.length;
            count = Math.min(count + 1, values.length);
        }

        int count() {
            return count;
        }

        double average() {
            long sum = 0;
            for (int i = 0; i < count; i++) {
                sum += values[i];
            }
            return (double) sum / count;
        }
    }
}
