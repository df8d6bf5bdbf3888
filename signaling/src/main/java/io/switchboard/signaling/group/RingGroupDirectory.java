package io.switchboard.signaling.group;

import io.switchboard.signaling.directory.FieldRefusal;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Ring groups: validated (a number nobody else has), stored, published ({@link RingGroupBook}). */
public final class RingGroupDirectory {
    private final RingGroupStore store;
    private final RingGroupBook book;
    /** What else holds a number (a user, a queue, a room ...), described; empty when it is free. */
    private final Function<String, Optional<String>> numberHolder;

    public RingGroupDirectory(RingGroupStore store, RingGroupBook book, Function<String, Optional<String>> numberHolder) {
        this.store = store;
        this.book = book;
        this.numberHolder = numberHolder;
    }

    public void loadAll() {
        book.replaceAll(store.all());
    }

    public List<RingGroup> list() {
        return book.all().stream().sorted(java.util.Comparator.comparing(RingGroup::name)).toList();
    }

    public Optional<RingGroup> get(String name) {
        return book.byName(name);
    }

    /** Stores and publishes {@code g}; a refused value or a taken number throws {@link FieldRefusal} naming the field. */
    public synchronized RingGroup put(RingGroup g) {
        FieldRefusal.check(g.problems());
        book.byNumber(g.number()).filter(other -> !other.name().equals(g.name())).ifPresent(other -> {
            throw new FieldRefusal("number", "number " + g.number() + " is already ring group '" + other.name() + "'");
        });
        numberHolder.apply(g.number()).ifPresent(holder -> {
            throw new FieldRefusal("number", "number " + g.number() + " is already " + holder);
        });
        store.put(g);
        book.publish(g);
        return g;
    }

    public synchronized boolean delete(String name) {
        boolean gone = store.delete(name);
        book.remove(name);
        return gone;
    }
}
