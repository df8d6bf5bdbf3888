package io.switchboard.signaling.trunk;

import io.switchboard.common.api.FieldProblem;
import io.switchboard.signaling.trunk.TrunkDirectoryException.Reason;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trunks: validated, stored in the database, and handed to whoever acts on them (the
 * registrations) after every change. Refusals name the field.
 */
public final class TrunkDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(TrunkDirectory.class);

    private final TrunkStore store;
    private final TrunkBook book;

    public TrunkDirectory(TrunkStore store, TrunkBook book) {
        this.store = store;
        this.book = book;
    }

    /** Publishes what the database holds (trunks and DIDs) to the cluster maps; run at start. */
    public void loadAll(DidStore dids, RouteStore routes) {
        book.replaceAll(store.all(), dids.all(), routes.all());
    }

    public List<Trunk> list() {
        return store.all();
    }

    public Optional<Trunk> get(String name) {
        return store.find(name);
    }

    public synchronized Trunk create(Trunk t) {
        checked(t);
        if (store.find(t.name()).isPresent() || !store.insert(t)) {
            throw new TrunkDirectoryException(Reason.CONFLICT, "name", "trunk " + t.name() + " already exists");
        }
        LOG.info("trunk {} added", t);
        book.publish(t);
        return t;
    }

    /** Replaces a trunk's fields; an empty password keeps the stored one (the API never shows it). */
    public synchronized Trunk replace(Trunk t) {
        Trunk current = store.find(t.name()).orElseThrow(() -> notFound(t.name()));
        Trunk next = t.password().isEmpty() ? new Trunk(t.name(), t.kind(), t.host(), t.port(), t.transport(), t.username(),
                current.password(), t.domain(), t.addresses(), t.maxChannels(), t.registerExpires(), t.inboundDestination(),
                t.keepaliveSeconds(), t.callerId(), t.enabled(), t.media(), t.inbound()) : t;
        checked(next);
        if (!store.update(next)) {
            throw notFound(t.name());
        }
        LOG.info("trunk {} changed", next);
        book.publish(next);
        return next;
    }

    public synchronized boolean delete(String name) {
        boolean gone = store.delete(name);
        if (gone) {
            LOG.info("trunk {} removed", name);
            book.withdrawTrunk(name);
        }
        return gone;
    }

    private static void checked(Trunk t) {
        List<FieldProblem> problems = t.problems();
        if (!problems.isEmpty()) {
            throw new TrunkDirectoryException(Reason.INVALID, problems.get(0).field(),
                    problems.stream().map(p -> p.field() + " " + p.reason()).collect(Collectors.joining("; ")));
        }
    }

    private static TrunkDirectoryException notFound(String name) {
        return new TrunkDirectoryException(Reason.NOT_FOUND, "name", "trunk " + name + " not found");
    }
}
