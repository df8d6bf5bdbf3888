package io.switchboard.signaling.call;

import io.switchboard.common.cluster.NodeStatus;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sessions this signaling process put on each worker node since that node's last heartbeat. A
 * heartbeat comes every 2 s; two calls 0.7 s apart would otherwise both go to the node that last
 * reported the fewest sessions. Load = the heartbeat's count + what we allocated after it.
 */
final class RecentAllocations {
    private final Map<String, Recent> byNode = new ConcurrentHashMap<>();

    /**
     * One node's allocation times, oldest first, and how many there are: the deque's own size() walks
     * every element, and the picker asks several times per INVITE.
     */
    private record Recent(Deque<Long> times, AtomicInteger count) {
    }

    /** A session was just opened on {@code node} at cluster time {@code at}. */
    void allocated(String node, long at) {
        Recent r = byNode.computeIfAbsent(node, n -> new Recent(new ConcurrentLinkedDeque<>(), new AtomicInteger()));
        r.times().addLast(at);
        r.count().incrementAndGet();
    }

    /** The node's sessions as we know them now; drops allocations its heartbeat already counts. */
    int load(NodeStatus node) {
        Recent recent = byNode.get(node.name());
        if (recent == null) {
            return node.activeSessions();
        }
        Long oldest;
        while ((oldest = recent.times().peekFirst()) != null && oldest <= node.heartbeatAt()) {
            if (recent.times().pollFirst() != null) {
                recent.count().decrementAndGet();
            }
        }
        return node.activeSessions() + Math.max(0, recent.count().get());
    }

    /** Candidates least loaded first, counting what was allocated since each heartbeat. */
    List<NodeStatus> leastLoadedFirst(List<NodeStatus> nodes) {
        return nodes.stream().sorted(Comparator.comparingInt(this::load).thenComparing(NodeStatus::name)).toList();
    }
}
