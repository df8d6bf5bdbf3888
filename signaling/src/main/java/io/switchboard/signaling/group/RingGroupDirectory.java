package io.switchboard.signaling.group;

import io.switchboard.common.api.FieldProblem;
import io.switchboard.signaling.directory.FieldException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

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

    /** A refused change, naming the field. */
    public static final class Refused extends FieldException {
        private static final long serialVersionUID = 1L;

        Refused(String field, String message) {
            super(field, message);
        }
    }

    public synchronized RingGroup put(RingGroup g) {
        List<FieldProblem> problems = g.problems();
        if (!problems.isEmpty()) {
            throw new Refused(problems.get(0).field(), problems.stream().map(p -> p.field() + " " + p.reason())
                    .collect(Collectors.joining("; ")));
        }
        book.byNumber(g.number()).filter(other -> !other.name().equals(g.name())).ifPresent(other -> {
            throw new Refused("number", "number " + g.number() + " is already ring group '" + other.name() + "'");
        });
        numberHolder.apply(g.number()).ifPresent(holder -> {
            throw new Refused("number", "number " + g.number() + " is already " + holder);
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
