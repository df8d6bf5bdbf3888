package io.switchboard.signaling.trunk;

import io.switchboard.common.api.FieldProblem;
import io.switchboard.signaling.trunk.TrunkDirectoryException.Reason;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The outbound routes: validated (patterns must parse, trunks must exist), stored, published ({@link TrunkBook}). */
public final class RouteDirectory {
    private final RouteStore store;
    private final TrunkBook book;

    public RouteDirectory(RouteStore store, TrunkBook book) {
        this.store = store;
        this.book = book;
    }

    public List<OutboundRoute> list() {
        return book.routes();
    }

    public Optional<OutboundRoute> get(String name) {
        return book.routes().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public synchronized OutboundRoute put(OutboundRoute r) {
        List<FieldProblem> problems = r.problems();
        if (!problems.isEmpty()) {
            throw new TrunkDirectoryException(Reason.INVALID, problems.get(0).field(),
                    problems.stream().map(p -> p.field() + " " + p.reason()).collect(Collectors.joining("; ")));
        }
        for (String t : r.trunks()) {
            if (book.trunk(t).isEmpty()) {
                throw new TrunkDirectoryException(Reason.INVALID, "trunks", "trunk '" + t + "' does not exist");
            }
        }
        store.put(r);
        book.publish(r);
        return r;
    }

    public synchronized boolean delete(String name) {
        if (get(name).isEmpty()) {
            return false;
        }
        store.delete(name);
        book.withdrawRoute(name);
        return true;
    }
}
