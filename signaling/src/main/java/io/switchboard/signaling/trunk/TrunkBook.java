package io.switchboard.signaling.trunk;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The only owner of the cluster maps {@code trunks} (name → {@link Trunk}) and {@code dids} (number
 * without '+' → {@link Did}). The database is their record; {@link TrunkDirectory} and
 * {@link DidDirectory} publish each change here, and every signaling member reads the local copies
 * entry events keep current: an INVITE from a trunk makes no cluster call. Listeners hear every
 * change of either map, wherever it was made (the registrations restart on the member that is active).
 */
public final class TrunkBook {
    public static final String TRUNKS = "trunks";
    public static final String DIDS = "dids";
    public static final String ROUTES = "routes";

    private final IMap<String, Trunk> trunks;
    private final IMap<String, Did> dids;
    private final IMap<String, OutboundRoute> routeMap;
    private final Map<String, OutboundRoute> localRoutes;
    private volatile List<OutboundRoute> ordered = List.of();
    private final Map<String, Trunk> localTrunks;
    private final Map<String, Did> localDids;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile List<Ranged> ranges = List.of();

    /** An IP trunk's networks, parsed once per change. */
    record Ranged(Trunk trunk, List<AddressRange> ranges) {
    }

    public TrunkBook(HazelcastInstance hz) {
        this.trunks = hz.getMap(TRUNKS);
        this.dids = hz.getMap(DIDS);
        this.routeMap = hz.getMap(ROUTES);
        this.localTrunks = io.switchboard.signaling.store.LocalCopy.of(trunks, this::changed);
        this.localDids = io.switchboard.signaling.store.LocalCopy.of(dids, this::changed);
        this.localRoutes = io.switchboard.signaling.store.LocalCopy.of(routeMap, this::changed);
        reindex();
    }

    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    public List<Trunk> trunks() {
        return localTrunks.values().stream().sorted(Comparator.comparing(Trunk::name)).toList();
    }

    public Optional<Trunk> trunk(String name) {
        return Optional.ofNullable(localTrunks.get(name));
    }

    /** The enabled IP trunk whose networks hold {@code address}: one scan of a short list. */
    public Optional<Trunk> ipTrunkAt(java.net.InetAddress address) {
        for (Ranged r : ranges) {
            for (AddressRange range : r.ranges()) {
                if (range.contains(address)) {
                    return Optional.of(r.trunk());
                }
            }
        }
        return Optional.empty();
    }

    /** The DID of {@code number}, with or without its leading '+'. */
    public Optional<Did> did(String number) {
        return Optional.ofNullable(localDids.get(Did.key(number)));
    }

    public List<Did> dids() {
        return localDids.values().stream().sorted(Comparator.comparing(Did::number)).toList();
    }

    /** The routes in the order they are tried: emergency ones first, then by priority and name. */
    public List<OutboundRoute> routes() {
        return ordered;
    }

    void publish(OutboundRoute r) {
        routeMap.set(r.name(), r);
        localRoutes.put(r.name(), r);
        changed();
    }

    void withdrawRoute(String name) {
        routeMap.delete(name);
        localRoutes.remove(name);
        changed();
    }

    void publish(Trunk t) {
        trunks.set(t.name(), t);
        localTrunks.put(t.name(), t);
        changed();
    }

    void withdrawTrunk(String name) {
        trunks.delete(name);
        localTrunks.remove(name);
        changed();
    }

    void publish(Did d) {
        dids.set(Did.key(d.number()), d);
        localDids.put(Did.key(d.number()), d);
        changed();
    }

    void withdrawDid(String number) {
        dids.delete(Did.key(number));
        localDids.remove(Did.key(number));
        changed();
    }

    /** Makes the maps what the database holds (at start). */
    void replaceAll(List<Trunk> storedTrunks, List<Did> storedDids, List<OutboundRoute> storedRoutes) {
        for (String gone : new ArrayList<>(routeMap.keySet())) {
            if (storedRoutes.stream().noneMatch(r -> r.name().equals(gone))) {
                withdrawRoute(gone);
            }
        }
        storedRoutes.forEach(this::publish);
        for (String gone : new ArrayList<>(trunks.keySet())) {
            if (storedTrunks.stream().noneMatch(t -> t.name().equals(gone))) {
                withdrawTrunk(gone);
            }
        }
        storedTrunks.forEach(this::publish);
        for (String gone : new ArrayList<>(dids.keySet())) {
            if (storedDids.stream().noneMatch(d -> Did.key(d.number()).equals(gone))) {
                withdrawDid(gone);
            }
        }
        storedDids.forEach(this::publish);
    }

    private void changed() {
        if (localTrunks == null || localRoutes == null) {
            return; // an event while the constructor still builds the copies: its reindex() follows
        }
        reindex();
        listeners.forEach(Runnable::run);
    }

    private void reindex() {
        List<Ranged> out = new ArrayList<>();
        for (Trunk t : localTrunks.values()) {
            if (t.enabled() && t.kind() == Trunk.Kind.IP) {
                out.add(new Ranged(t, t.addresses().stream().map(AddressRange::parse).toList()));
            }
        }
        ranges = List.copyOf(out);
        ordered = localRoutes.values().stream().sorted(Comparator.comparing((OutboundRoute r) -> !r.emergency())
                .thenComparingInt(OutboundRoute::priority).thenComparing(OutboundRoute::name)).toList();
    }
}
