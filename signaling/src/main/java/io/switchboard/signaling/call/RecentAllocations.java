package io.switchboard.signaling.call;

import io.switchboard.common.cluster.NodeStatus;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Sessions this signaling process put on each worker node since that node's last heartbeat. A
 * heartbeat comes every 2 s; two calls 0.7 s apart would otherwise both go to the node that last
 * reported the fewest sessions. Load = the heartbeat's count + what we allocated after it.
 */
final class RecentAllocations {
    private final Map<String, Deque<Long>> byNode = new ConcurrentHashMap<>();

    /** A session was just opened on {@code node} at cluster time {@code at}. */
    void allocated(String node, long at) {
        byNode.computeIfAbsent(node, n -> new ConcurrentLinkedDeque<>()).addLast(at);
    }

    /** The node's sessions as we know them now; drops allocations its heartbeat already counts. */
    int load(NodeStatus node) {
        Deque<Long> recent = byNode.get(node.name());
        if (recent == null) {
            return node.activeSessions();
        }
        Long oldest;
        while ((oldest = recent.peekFirst()) != null && oldest <= node.heartbeatAt()) {
            recent.pollFirst();
        }
        return node.activeSessions() + recent.size();
    }

    /** Candidates least loaded first, counting what was allocated since each heartbeat. */
    List<NodeStatus> leastLoadedFirst(List<NodeStatus> nodes) {
        return nodes.stream().sorted(Comparator.comparingInt(this::load).thenComparing(NodeStatus::name)).toList();
    }
}
