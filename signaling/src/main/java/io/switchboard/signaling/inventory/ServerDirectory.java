package io.switchboard.signaling.inventory;

import io.switchboard.common.api.FieldProblem;
import io.switchboard.common.cluster.ServerInventory;
import io.switchboard.common.cluster.ServerRecord;
import io.switchboard.common.cluster.ServerType;
import io.switchboard.signaling.inventory.ServerDirectoryException.Reason;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server inventory: validated, stored in the database (the record) and then published to the
 * cluster's {@code servers} map through {@link ServerInventory}, which call routing and the workers'
 * own placement read. One server per IP (one role per machine), except the main server's default
 * local servers, which all share its address.
 */
public final class ServerDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(ServerDirectory.class);

    private final ServerStore store;
    private final ServerInventory inventory;

    public ServerDirectory(ServerStore store, ServerInventory inventory) {
        this.store = store;
        this.inventory = inventory;
    }

    /** Publishes every stored server and withdraws the published ones the database no longer has; run at start. */
    public int loadAll() {
        Set<String> published = inventory.all().stream().map(ServerRecord::name).collect(Collectors.toSet());
        List<ServerRecord> stored = store.all();
        for (ServerRecord s : stored) {
            if (s.type() == null) {
                LOG.warn("stored server {} has a type this build does not know; not published", s.name());
                continue;
            }
            inventory.publish(s);
            published.remove(s.name());
        }
        for (String gone : published) {
            LOG.info("server {} is no longer in the database: withdrawn", gone);
            inventory.withdraw(gone);
        }
        return stored.size();
    }

    public List<ServerRecord> list() {
        return store.all();
    }

    public Optional<ServerRecord> get(String name) {
        return store.find(name);
    }

    /** Stores and publishes a server the operator added (never a default one: those come from {@link #ensureDefault}). */
    public synchronized ServerRecord create(ServerRecord server) {
        ServerRecord s = new ServerRecord(server.name(), server.type(), server.privateAddress(), server.publicAddress(),
                server.maxSessions(), server.enabled(), false);
        checked(s);
        if (store.find(s.name()).isPresent()) {
            throw new ServerDirectoryException(Reason.CONFLICT, "name", "server " + s.name() + " already exists");
        }
        if (!store.insert(s)) {
            throw new ServerDirectoryException(Reason.CONFLICT, "name", "server " + s.name() + " was added meanwhile");
        }
        inventory.publish(s);
        LOG.info("server {} added: {} at {}{}", s.name(), s.type().role(), s.privateAddress(), s.enabled() ? "" : ", disabled");
        return s;
    }

    /** Replaces a stored server's fields (its name and default flag stay) and publishes it. */
    public synchronized ServerRecord replace(ServerRecord server) {
        ServerRecord current = store.find(server.name()).orElseThrow(() -> notFound(server.name()));
        ServerRecord s = new ServerRecord(server.name(), server.type(), server.privateAddress(), server.publicAddress(),
                server.maxSessions(), server.enabled(), current.isDefault());
        checked(s);
        if (!store.update(s)) {
            throw notFound(s.name());
        }
        inventory.publish(s);
        return s;
    }

    /** Enables or disables (drains) a server; its current sessions go on either way. */
    public synchronized ServerRecord setEnabled(String name, boolean enabled) {
        ServerRecord current = store.find(name).orElseThrow(() -> notFound(name));
        ServerRecord s = current.withEnabled(enabled);
        if (!store.update(s)) {
            throw notFound(name);
        }
        inventory.publish(s);
        LOG.info("server {} {}", name, enabled ? "enabled: it takes new sessions" : "disabled: no new sessions, current ones go on");
        return s;
    }

    /** Deletes and withdraws a server; a default local server is disabled instead, never removed. */
    public synchronized boolean delete(String name) {
        Optional<ServerRecord> current = store.find(name);
        if (current.isEmpty()) {
            return false;
        }
        if (current.get().isDefault()) {
            throw new ServerDirectoryException(Reason.CONFLICT, "name", "server " + name + " is a default local server of"
                    + " the main server: disable it instead (./switchboard server disable " + name + ")");
        }
        if (!store.delete(name)) {
            return false;
        }
        inventory.withdraw(name);
        LOG.info("server {} removed from the inventory", name);
        return true;
    }

    /**
     * Makes sure a local server of the main server (the all-in-one's embedded roles) is in the
     * inventory, marked default: added enabled when missing; its address and type kept current; its
     * enabled flag left as the operator set it. A row of that name the operator added stays as it is.
     */
    public synchronized ServerRecord ensureDefault(String name, ServerType type, String privateAddress, int maxSessions) {
        Optional<ServerRecord> current = store.find(name);
        if (current.isPresent() && !current.get().isDefault()) {
            return current.get();
        }
        boolean enabled = current.map(ServerRecord::enabled).orElse(true);
        ServerRecord s = new ServerRecord(name, type, privateAddress, "", maxSessions, enabled, true);
        List<FieldProblem> problems = s.problems();
        if (!problems.isEmpty()) {
            throw new ServerDirectoryException(Reason.INVALID, problems.get(0).field(), describe(problems));
        }
        if (current.isEmpty()) {
            store.insert(s);
            LOG.info("default local server {} ({}) added to the inventory, enabled", name, type.role());
        } else if (!current.get().equals(s)) {
            store.update(s);
        }
        inventory.publish(s);
        return s;
    }

    /** Refuses what may not be stored, naming the field. */
    private void checked(ServerRecord s) {
        List<FieldProblem> problems = s.problems();
        if (!problems.isEmpty()) {
            throw new ServerDirectoryException(Reason.INVALID, problems.get(0).field(), describe(problems));
        }
        if (s.isDefault()) {
            return;
        }
        for (ServerRecord other : store.all()) {
            if (!other.name().equals(s.name()) && !other.isDefault() && other.privateAddress().equals(s.privateAddress())) {
                throw new ServerDirectoryException(Reason.CONFLICT, "privateAddress", "IP " + s.privateAddress()
                        + " already carries " + other.name() + " (" + other.type().role() + " server): one role per"
                        + " machine, so give " + s.name() + " a machine of its own");
            }
        }
    }

    private static ServerDirectoryException notFound(String name) {
        return new ServerDirectoryException(Reason.NOT_FOUND, "name", "server " + name + " not found");
    }

    private static String describe(List<FieldProblem> problems) {
        return problems.stream().map(p -> p.field() + " " + p.reason()).collect(Collectors.joining("; "));
    }
}
