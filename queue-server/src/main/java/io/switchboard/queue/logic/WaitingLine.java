package io.switchboard.queue.logic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A queue's callers in the order they joined: the head is served first. A caller's place is its
 * sequence number (then its join time), which a callback keeps and which travels with the caller
 * when another node takes the queue over, so nobody changes place on a conversion or a takeover.
 *
 * <p>Not thread-safe: each queue is run on one thread, which owns its line.
 */
public final class WaitingLine {

    /**
     * One caller in the line.
     *
     * @param id       the caller (Call-ID at the queue node, or a callback's id)
     * @param joinedAt when it joined the queue (epoch ms)
     * @param sequence its place: lower is served first
     * @param callback whether it hung up for a callback and is waiting to be called back
     */
    public record Waiter(String id, long joinedAt, long sequence, boolean callback) {
        public Waiter {
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("a waiter needs an id");
            }
        }

        public long waitedMillis(long now) {
            return Math.max(0, now - joinedAt);
        }
    }

    private static final Comparator<Waiter> ORDER = Comparator.comparingLong(Waiter::sequence)
            .thenComparingLong(Waiter::joinedAt).thenComparing(Waiter::id);

    // Kept sorted by ORDER; lines are short (maxCallers <= 10000), so a list is plenty.
    private final List<Waiter> line = new ArrayList<>();
    private long nextSequence = 1;

    /** Puts a new caller at the end; a caller already in the line keeps its place (a repeated join). */
    public Waiter join(String id, long joinedAt) {
        Optional<Waiter> present = get(id);
        if (present.isPresent()) {
            return present.get();
        }
        Waiter w = new Waiter(id, joinedAt, nextSequence++, false);
        insert(w);
        return w;
    }

    /**
     * Puts back a caller taken over from another node at its original place, replacing an entry
     * of the same id; later joins are numbered after it.
     */
    public Waiter restore(String id, long joinedAt, long sequence, boolean callback) {
        remove(id);
        Waiter w = new Waiter(id, joinedAt, sequence, callback);
        insert(w);
        nextSequence = Math.max(nextSequence, sequence + 1);
        return w;
    }

    /** Makes the caller a callback at the same place; empty when it is not in the line. */
    public Optional<Waiter> convertToCallback(String id) {
        int i = indexOf(id);
        if (i < 0) {
            return Optional.empty();
        }
        Waiter old = line.get(i);
        Waiter w = new Waiter(old.id(), old.joinedAt(), old.sequence(), true);
        line.set(i, w); // same sequence and join time: the order is unchanged
        return Optional.of(w);
    }

    /** The caller's place, 1 for the head; 0 when it is not in the line. */
    public int position(String id) {
        return indexOf(id) + 1;
    }

    public Optional<Waiter> get(String id) {
        int i = indexOf(id);
        return i < 0 ? Optional.empty() : Optional.of(line.get(i));
    }

    public boolean contains(String id) {
        return indexOf(id) >= 0;
    }

    /** The caller served next. */
    public Optional<Waiter> head() {
        return line.isEmpty() ? Optional.empty() : Optional.of(line.get(0));
    }

    /** Takes the caller out (answered, hung up, sent elsewhere); empty when it was not in the line. */
    public Optional<Waiter> remove(String id) {
        int i = indexOf(id);
        return i < 0 ? Optional.empty() : Optional.of(line.remove(i));
    }

    public int size() {
        return line.size();
    }

    public boolean isEmpty() {
        return line.isEmpty();
    }

    /** How long the earliest joiner has waited (callbacks included); 0 when the line is empty. */
    public long longestWaitMillis(long now) {
        long earliest = Long.MAX_VALUE;
        for (Waiter w : line) {
            earliest = Math.min(earliest, w.joinedAt());
        }
        return line.isEmpty() ? 0 : Math.max(0, now - earliest);
    }

    /** The callers in order, head first: a copy. */
    public List<Waiter> snapshot() {
        return List.copyOf(line);
    }

    private void insert(Waiter w) {
        int at = Collections.binarySearch(line, w, ORDER);
        line.add(at < 0 ? -at - 1 : at, w);
    }

    private int indexOf(String id) {
        for (int i = 0; i < line.size(); i++) {
            if (line.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
