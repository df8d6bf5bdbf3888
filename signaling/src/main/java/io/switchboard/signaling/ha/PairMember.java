package io.switchboard.signaling.ha;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import io.switchboard.signaling.call.CallStore;
import io.switchboard.signaling.location.LocationService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This signaling process as a member of the HA pair ({@code ha.virtual-address} set): it starts as
 * the warm standby following the active's registrations; the virtual IP on this host makes it active
 * ({@link VirtualAddressWatch}); each promotion claims the fencing epoch ({@link HaEpoch}) and drops
 * the calls still ringing on the lost member; its health beat ({@link HealthBeat}) tells the watchdog,
 * and so keepalived, whether it is alive and fit ({@link ClusterSight}: not the cut-off side of a
 * partition).
 */
public final class PairMember implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PairMember.class);

    private final HaSettings settings;
    private final HazelcastInstance hz;
    private final LocationService location;
    private final HaRole role = new HaRole(HaRole.State.STANDBY);
    private final HaEpoch epoch;
    private final ClusterSight sight;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final ScheduledExecutorService work = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ha-role-change");
        t.setDaemon(true);
        return t;
    });
    private volatile IntSupplier dropOrphans = () -> 0;
    /** While this member's half of a partitioned cluster merges into the other, its view of the members is not its own. */
    private volatile boolean merging;

    /**
     * @param memberTimeout Hazelcast's {@code cluster.member-timeout}: a peer lost within a few of these
     *                      before the workers is still a rival (the two steps of a partition)
     */
    public PairMember(HaSettings settings, HazelcastInstance hz, LocationService location, Duration memberTimeout) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("ha.virtual-address is not set: not a pair member");
        }
        this.settings = settings;
        this.hz = hz;
        this.location = location;
        this.epoch = new HaEpoch(hz);
        this.sight = new ClusterSight(memberTimeout.multipliedBy(3).compareTo(Duration.ofSeconds(30)) > 0
                ? memberTimeout.multipliedBy(3) : Duration.ofSeconds(30));
        location.follow();
        role.onChange(this::changed);
        hz.getLifecycleService().addLifecycleListener(this::lifecycle);
        hz.getCluster().addMembershipListener(new com.hazelcast.cluster.MembershipListener() {
            @Override
            public void memberAdded(com.hazelcast.cluster.MembershipEvent e) {
                if (!e.getMember().isLiteMember() && role.active()) {
                    // The peer is back: after a partition its half's merge (it runs once the member has
                    // joined) may bring back registrations this member deleted meanwhile.
                    work.schedule(PairMember.this::republish, MERGE_SETTLE.toMillis(), TimeUnit.MILLISECONDS);
                }
            }

            @Override
            public void memberRemoved(com.hazelcast.cluster.MembershipEvent e) {
                // Seen by the health beat's look at the members.
            }
        });
    }

    /** Time after a peer joins for its half's merge operations to be applied. */
    private static final Duration MERGE_SETTLE = Duration.ofSeconds(10);

    private void lifecycle(com.hazelcast.core.LifecycleEvent e) {
        switch (e.getState()) {
            case MERGING -> {
                merging = true;
                LOG.warn("HA: this member's half of a partitioned cluster merges into the other half");
            }
            case MERGED -> {
                merging = false;
                work.execute(() -> {
                    if (role.active()) {
                        republish();
                    } else if (location.following()) {
                        // What the other half wrote never reached this member's copy as events.
                        location.refollow();
                        LOG.info("HA: merged back; following the active's {} registrations", location.size());
                    }
                });
            }
            case MERGE_FAILED -> merging = false;
            default -> {
                // Starting, started, shutting down: nothing for the pair.
            }
        }
    }

    private void republish() {
        if (role.active()) {
            location.republish();
            LOG.info("HA: after the merge, this active's {} registrations are the cluster's again", location.size());
        }
    }

    /** What a promotion does to calls still ringing on the lost member (returns how many it dropped). */
    public void onPromotion(IntSupplier dropOrphans) {
        this.dropOrphans = dropOrphans;
    }

    /**
     * Whether call state may be written now: a standby or a replaced member (frozen, cut off) must not
     * overwrite the new active's call records; a member just promoted holds its writes until its epoch
     * claim is in.
     */
    public CallStore.Gate gate() {
        return !role.active() ? CallStore.Gate.DROP
                : epoch.mine() == 0 ? CallStore.Gate.HOLD
                : epoch.holds() ? CallStore.Gate.WRITE : CallStore.Gate.DROP;
    }

    /** Only once SIP is up and warm: keepalived may see this member healthy and give it the virtual IP. */
    public synchronized void start() {
        started.add(new VirtualAddressWatch(VirtualAddressWatch.onThisHost(settings.virtualAddress().get()), role,
                settings.watchInterval()).start());
        started.add(new HealthBeat(settings.healthPipe(), settings.heartbeat(), this::unfit).start());
    }

    public HaRole role() {
        return role;
    }

    /** The {@code ha} block of {@code /api/health}. */
    public Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("state", role.state().name().toLowerCase(Locale.ROOT));
        h.put("virtualAddress", settings.virtualAddress().get().getHostAddress());
        h.put("epoch", epoch.mine());
        h.put("callState", callState());
        h.put("fit", sight.fit());
        h.put("cluster", sight.why());
        return h;
    }

    /** What {@link #gate()} would say, reading the cluster's epoch with a bound (it may be unreachable). */
    private String callState() {
        if (!role.active()) {
            return "drop";
        }
        if (epoch.mine() == 0) {
            return "hold";
        }
        try {
            return epoch.currentAsync().get(1, java.util.concurrent.TimeUnit.SECONDS) == epoch.mine() ? "write" : "drop";
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return "unknown: the cluster did not answer within 1 s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** A fresh look at the cluster, for a claim that waited on it. */
    private boolean fitNow() {
        return unfit().isEmpty();
    }

    /** One look at the cluster per beat (the member list is a local read). */
    Optional<String> unfit() {
        int peers = 0;
        int workers = 0;
        try {
            for (Member m : hz.getCluster().getMembers()) {
                if (!m.localMember()) {
                    if (m.isLiteMember()) {
                        workers++;
                    } else {
                        peers++;
                    }
                }
            }
        } catch (HazelcastInstanceNotActiveException e) {
            return Optional.empty(); // shutting down: the beat stops with the process
        }
        if (merging) {
            // Rejoining the other half: alone for a moment, which says nothing about a partition.
            return sight.fit() ? Optional.empty() : Optional.of(sight.why());
        }
        boolean was = sight.fit();
        boolean fit = sight.see(peers, workers, System.nanoTime() / 1_000_000);
        if (fit != was) {
            if (fit) {
                LOG.warn("HA: fit to be active again ({}); keepalived may hand this member the virtual IP", sight.why());
            } else {
                LOG.warn("HA: {}; stepping down: the watchdog marks this member faulty and keepalived moves the "
                        + "virtual IP", sight.why());
            }
        }
        return fit ? Optional.empty() : Optional.of(sight.why());
    }

    /**
     * Promotion needs no start-up work: the registrations are here, SIP is bound and warm. What follows
     * a change talks to the cluster, which may be busy with the lost member for a while, so it runs in
     * order on a thread of its own and the watch stays free to see the next change. Call records are
     * held meanwhile (CallStore.Gate.HOLD), not lost.
     */
    private void changed(HaRole.State state) {
        work.execute(() -> {
            try {
                if (state == HaRole.State.ACTIVE) {
                    location.lead();
                    long claimed = epoch.claim(this::fitNow);
                    if (claimed == 0) {
                        LOG.warn("HA: promoted, but {}: the fencing epoch is not claimed, no call state is written",
                                sight.why());
                        return;
                    }
                    LOG.info("HA: active, {} registrations held; fencing epoch {} claimed", location.size(), claimed);
                    int dropped = dropOrphans.getAsInt();
                    if (dropped > 0) {
                        LOG.info("HA: {} calls still ringing on the lost member dropped (records, media sessions; CDRs written)",
                                dropped);
                    }
                } else {
                    location.follow();
                    LOG.info("HA: standby, following the active's registrations");
                }
            } catch (RuntimeException e) {
                LOG.warn("HA: becoming {} in the cluster failed: {}", state, e.toString());
            }
        });
    }

    /** Idempotent: signaling closes it first at shutdown (the beat stops before SIP does), and again last. */
    @Override
    public synchronized void close() {
        for (AutoCloseable c : started) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing {}: {}", c, e.toString());
            }
        }
        started.clear();
        work.shutdownNow();
    }
}
