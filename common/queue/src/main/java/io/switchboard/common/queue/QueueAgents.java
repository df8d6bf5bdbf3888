package io.switchboard.common.queue;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The only owner of the {@code queue-agents} map (extension -> {@link AgentState}). Agents log in,
 * out and pause through the admin API or their phone's feature codes (signaling); queue nodes mark
 * them ringing, on a call, in wrap-up or missed. Every change is a compare-and-set on the entry, so
 * two queue nodes can never both take the same agent.
 */
public final class QueueAgents {
    public static final String MAP = "queue-agents";

    private final IMap<String, AgentState> map;
    private final Clock clock;

    public QueueAgents(HazelcastInstance hz, Clock clock) {
        this.map = hz.getMap(MAP);
        this.clock = clock;
    }

    /**
     * Calls {@code freed} with each agent whose new state can take a call (logged in, unpaused, a call
     * or wrap-up over), from a Hazelcast event thread: a queue offers its waiting callers at once
     * instead of at its next poll. The listener must hand the work to its own executor.
     */
    public java.util.UUID onFreed(java.util.function.Consumer<String> freed) {
        return map.addEntryListener((com.hazelcast.map.listener.EntryUpdatedListener<String, AgentState>) e -> {
            if (e.getValue().status() == AgentStatus.AVAILABLE) {
                freed.accept(e.getKey());
            }
        }, true);
    }

    public void removeListener(java.util.UUID id) {
        map.removeEntryListener(id);
    }

    public static void configure(Config config) {
        config.getMapConfig(MAP).setBackupCount(1).setAsyncBackupCount(0);
    }

    /** The agent's state; logged out when it never logged in. */
    public AgentState get(String extension) {
        AgentState s = map.get(extension);
        return s != null ? s : AgentState.loggedOut(extension, 0);
    }

    /** The states of {@code extensions} (logged out for those never seen), one cluster call. */
    public Map<String, AgentState> getAll(Collection<String> extensions) {
        Map<String, AgentState> found = new java.util.HashMap<>(map.getAll(new HashSet<>(extensions)));
        for (String e : extensions) {
            found.putIfAbsent(e, AgentState.loggedOut(e, 0));
        }
        return found;
    }

    public long now() {
        return clock.millis();
    }

    /**
     * Applies {@code change} atomically; returns the state it stored, or empty when {@code change}
     * returned null (nothing to do in the state it saw).
     */
    public Optional<AgentState> update(String extension, UnaryOperator<AgentState> change) {
        while (true) {
            AgentState current = map.get(extension);
            AgentState seen = current != null ? current : AgentState.loggedOut(extension, 0);
            AgentState next = change.apply(seen);
            if (next == null) {
                return Optional.empty();
            }
            boolean stored = current == null ? map.putIfAbsent(extension, next) == null : map.replace(extension, current, next);
            if (stored) {
                return Optional.of(next);
            }
        }
    }

    public AgentState login(String extension) {
        long now = now();
        return update(extension, s -> s.loggedIn() ? s : s.login(now)).orElseGet(() -> get(extension));
    }

    /** Logs out at once; a queue call in progress goes on (signaling only ends calls of agents still on one). */
    public AgentState logout(String extension) {
        long now = now();
        return update(extension, s -> s.status() == AgentStatus.LOGGED_OUT ? null
                : AgentState.loggedOut(extension, now)).orElseGet(() -> get(extension));
    }

    /** Toggles login (feature code): returns the new state. */
    public AgentState toggleLogin(String extension) {
        long now = now();
        return update(extension, s -> s.loggedIn() ? AgentState.loggedOut(extension, now) : s.login(now)).orElseThrow();
    }

    /** Pauses a logged-in agent; empty when it is logged out. */
    public Optional<AgentState> pause(String extension, String reason) {
        long now = now();
        return update(extension, s -> s.loggedIn() ? s.paused(reason, now) : null);
    }

    /** Unpauses a paused agent; empty when it is not paused. */
    public Optional<AgentState> unpause(String extension) {
        long now = now();
        return update(extension, s -> s.status() == AgentStatus.PAUSED ? unpaused(s, now) : null);
    }

    private static AgentState unpaused(AgentState s, long now) {
        return new AgentState(s.extension(), AgentStatus.AVAILABLE, "", now, s.lastOffered(), s.lastCallEnd(),
                s.answered(), 0, 0, "");
    }

    /** Toggles pause (feature code); empty when the agent is logged out. */
    public Optional<AgentState> togglePause(String extension) {
        long now = now();
        // One compare-and-set: a read, then pause() or unpause(), could act on a state changed in between.
        return update(extension, s -> s.status() == AgentStatus.PAUSED ? unpaused(s, now)
                : s.loggedIn() ? s.paused("paused", now) : null);
    }

    /** Every agent that has a state, by extension. */
    public List<AgentState> all() {
        return map.values().stream().sorted(java.util.Comparator.comparing(AgentState::extension)).toList();
    }

    /** Extensions in {@code among} whose state is one of {@code statuses}. */
    public Set<String> withStatus(Collection<String> among, Set<AgentStatus> statuses) {
        Set<String> out = new HashSet<>();
        getAll(among).forEach((e, s) -> {
            if (statuses.contains(s.status())) {
                out.add(e);
            }
        });
        return out;
    }
}
