package io.switchboard.media.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only owner of relay sessions: creation under the session cap, lookup by Call-ID, removal on
 * delete or inactivity (ports released), and the node totals that outlive removed sessions.
 * Control operations are synchronized; the packet path never comes here.
 */
public final class RelaySessions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelaySessions.class);

    private final RelayPorts ports;
    private final int maxSessions;
    private final java.util.function.IntPredicate descriptorsAdmit;
    private final Duration timeout;
    private final ConcurrentHashMap<String, RelaySession> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;
    private final List<BiConsumer<RelaySession, String>> removalListeners = new ArrayList<>();
    private volatile LegStats retired = LegStats.ZERO;
    private volatile long created;
    private volatile long rejected;
    private volatile long timedOut;

    public RelaySessions(RelayPorts ports, int maxSessions, Duration timeout) {
        this(ports, maxSessions, timeout, open -> true);
    }

    /**
     * @param descriptorsAdmit whether one more call fits the open-file limit, given the relay sockets open
     *                         now (the node's cap on descriptors, next to {@code maxSessions} on calls)
     */
    public RelaySessions(RelayPorts ports, int maxSessions, Duration timeout, java.util.function.IntPredicate descriptorsAdmit) {
        this.descriptorsAdmit = descriptorsAdmit;
        this.ports = ports;
        this.maxSessions = maxSessions;
        this.timeout = timeout;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "media-sweeper");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, Math.min(5000, timeout.toMillis() / 4));
        sweeper.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** Called (on the control or sweeper thread) after a session is removed and its ports are released. */
    public synchronized void onRemoved(BiConsumer<RelaySession, String> listener) {
        removalListeners.add(listener);
    }

    public int maxSessions() {
        return maxSessions;
    }

    public int size() {
        return sessions.size();
    }

    public RelaySession find(String callId) {
        return sessions.get(callId);
    }

    public Collection<RelaySession> all() {
        return sessions.values();
    }

    /**
     * Opens both legs of a new session; the caller-facing leg gets {@code callerTag}. A leg binds its
     * RTCP port now only when it is already known to need it (its endpoint does not use rtcp-mux);
     * otherwise the port stays reserved and {@link #openRtcp} binds it if it turns out to be needed.
     */
    public synchronized RelaySession create(String callId, String callerTag, boolean callerRtcp, boolean calleeRtcp) {
        if (sessions.size() >= maxSessions) {
            rejected++;
            throw new SessionLimitException("session limit reached (" + maxSessions + ")");
        }
        if (!descriptorsAdmit.test(ports.openSockets())) {
            rejected++;
            throw new SessionLimitException("open-file limit reached (" + ports.openSockets() + " relay sockets open)");
        }
        var loop = ports.nextLoop();
        RelayLeg caller = ports.openLeg(0, loop, callerRtcp);
        RelayLeg callee = caller == null ? null : ports.openLeg(1, loop, calleeRtcp);
        if (callee == null) {
            if (caller != null) {
                ports.closeLeg(caller);
            }
            rejected++;
            throw new SessionLimitException("no free port pairs in the relay port range (" + ports.capacityPairs() + " pairs)");
        }
        caller.setTag(callerTag);
        callee.setTag("");
        RelaySession s = new RelaySession(callId, caller, callee, loop, System.currentTimeMillis(), System.nanoTime());
        sessions.put(callId, s);
        created++;
        return s;
    }

    /**
     * Binds the RTCP socket of a leg of a live session that needs one (its endpoint does not
     * multiplex RTCP); nothing when it has one. Serialised with removal, so a session removed
     * meanwhile gets no socket that nobody would close.
     *
     * @return whether the leg has an RTCP socket now
     */
    public synchronized boolean openRtcp(RelaySession s, RelayLeg leg) {
        if (leg.hasRtcpSocket()) {
            return true;
        }
        return sessions.get(s.callId()) == s && ports.openRtcp(leg);
    }

    /** Removes the session and releases its ports; null if there was none. */
    public RelaySession remove(String callId, String reason) {
        List<BiConsumer<RelaySession, String>> listeners;
        RelaySession s;
        synchronized (this) {
            s = sessions.remove(callId);
            if (s == null) {
                return null;
            }
            for (RelayLeg leg : s.legs()) {
                ports.closeLeg(leg);
            }
            // Counters are final once the channels are closed.
            retired = retired.plus(s.totals());
            listeners = List.copyOf(removalListeners);
        }
        for (BiConsumer<RelaySession, String> l : listeners) {
            try {
                l.accept(s, reason);
            } catch (RuntimeException e) {
                LOG.warn("[{}] removal listener failed: {}", callId, e.toString());
            }
        }
        return s;
    }

    void sweep() {
        try {
            long now = System.nanoTime();
            for (RelaySession s : sessions.values()) {
                long packets = s.packets();
                if (packets != s.lastSeenPackets) {
                    s.lastSeenPackets = packets;
                    s.lastActivityNanos = now;
                }
                long signalAge = System.currentTimeMillis() - s.lastSignalMillis();
                long idle = Math.min((now - s.lastActivityNanos) / 1_000_000, signalAge);
                if (idle >= timeout.toMillis() && remove(s.callId(), "timeout") != null) {
                    timedOut++;
                    LOG.info("[{}] no media for {} ms: session removed, ports {} and {} released", s.callId(), idle,
                            s.caller().port(), s.callee().port());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("session sweep failed: {}", e.toString());
        }
    }

    /** Every packet counted since start: live sessions plus removed ones. */
    public LegStats totals() {
        LegStats t = retired;
        for (RelaySession s : sessions.values()) {
            t = t.plus(s.totals());
        }
        return t;
    }

    public long created() {
        return created;
    }

    public long rejected() {
        return rejected;
    }

    public long timedOut() {
        return timedOut;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        for (String callId : List.copyOf(sessions.keySet())) {
            remove(callId, "shutdown");
        }
    }
}
