package io.switchboard.common.queue;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The only owner of the {@code agent-calls} map (extension -> the signaling call ids of the answered
 * calls the agent is a party of): which agents are busy on a call, so that a queue offers them no
 * queue call unless it {@link QueueDefinition#offerBusyAgents offers busy agents}. Signaling records
 * a call when it is answered (and when a transfer brings an agent into it) and removes it when it
 * ends; queue nodes read it with one {@code getAll} per dispatch. An agent with no call has no entry.
 *
 * <p>The value is the call ids separated by spaces (a SIP Call-ID has none): compact, and compared
 * exactly by the compare-and-set every change is, so two calls of one agent starting or ending at
 * once on two signaling members never lose one another.
 */
public final class BusyAgents {
    public static final String MAP = "agent-calls";

    private final IMap<String, String> map;

    public BusyAgents(HazelcastInstance hz) {
        this.map = hz.getMap(MAP);
    }

    public static void configure(Config config) {
        config.getMapConfig(MAP).setBackupCount(1).setAsyncBackupCount(0);
    }

    /** {@code extension} is a party of the answered call {@code callId}. Idempotent. */
    public void callStarted(String extension, String callId) {
        String id = clean(callId);
        while (true) {
            String current = map.get(extension);
            if (current == null) {
                if (map.putIfAbsent(extension, id) == null) {
                    return;
                }
            } else if (ids(current).contains(id)) {
                return;
            } else if (map.replace(extension, current, current + ' ' + id)) {
                return;
            }
        }
    }

    /** The call {@code callId} of {@code extension} ended (or it left it). Idempotent. */
    public void callEnded(String extension, String callId) {
        String id = clean(callId);
        while (true) {
            String current = map.get(extension);
            if (current == null) {
                return;
            }
            List<String> ids = ids(current);
            if (!ids.remove(id)) {
                return;
            }
            boolean stored = ids.isEmpty() ? map.remove(extension, current)
                    : map.replace(extension, current, String.join(" ", ids));
            if (stored) {
                return;
            }
        }
    }

    /** Those of {@code extensions} on at least one call: one cluster call. */
    public Set<String> busyAmong(Collection<String> extensions) {
        if (extensions.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(map.getAll(new HashSet<>(extensions)).keySet());
    }

    /** The calls {@code extension} is on (empty when none). */
    public Set<String> callsOf(String extension) {
        String current = map.get(extension);
        return current == null ? Set.of() : new LinkedHashSet<>(ids(current));
    }

    /** Every busy agent with its calls (the stale-entry sweep reads it; a handful of entries). */
    public Map<String, Set<String>> all() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        map.forEach((extension, ids) -> out.put(extension, new LinkedHashSet<>(ids(ids))));
        return out;
    }

    private static List<String> ids(String value) {
        return new ArrayList<>(Arrays.asList(value.split(" ")));
    }

    /** A Call-ID has no white space (RFC 3261 §25.1 word); one that had would split into two ids. */
    private static String clean(String callId) {
        if (callId == null || callId.isBlank()) {
            throw new IllegalArgumentException("a call id is needed");
        }
        return callId.strip().replaceAll("\\s", "_");
    }
}
