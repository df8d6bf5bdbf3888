package io.switchboard.signaling.trunk;

import io.switchboard.common.api.FieldProblem;
import io.switchboard.signaling.trunk.TrunkDirectoryException.Reason;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The DIDs: validated, stored in the database, published to the cluster ({@link TrunkBook}). */
public final class DidDirectory {
    private final DidStore store;
    private final TrunkBook book;

    public DidDirectory(DidStore store, TrunkBook book) {
        this.store = store;
        this.book = book;
    }

    public List<Did> list() {
        return book.dids();
    }

    public Optional<Did> get(String number) {
        return book.did(number);
    }

    /** Adds or replaces the DID of {@code d.number()}. */
    public synchronized Did put(Did d) {
        List<FieldProblem> problems = d.problems();
        if (!problems.isEmpty()) {
            throw new TrunkDirectoryException(Reason.INVALID, problems.get(0).field(),
                    problems.stream().map(p -> p.field() + " " + p.reason()).collect(Collectors.joining("; ")));
        }
        book.did(d.number()).filter(old -> !old.number().equals(d.number())).ifPresent(old -> store.delete(old.number()));
        store.put(d);
        book.publish(d);
        return d;
    }

    public synchronized boolean delete(String number) {
        Optional<Did> d = book.did(number);
        if (d.isEmpty()) {
            return false;
        }
        store.delete(d.get().number());
        book.withdrawDid(d.get().number());
        return true;
    }
}
