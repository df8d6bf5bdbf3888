package io.switchboard.signaling.call;

import io.switchboard.common.cluster.NodeRegistry;
import io.switchboard.common.cluster.NodeStatus;
import io.switchboard.common.ng.NgClient;
import io.switchboard.common.ng.NgTimeoutException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the media node for a call (docs/ARCHITECTURE.md "Call path"): online, under its cap, least loaded
 * first; a node that refuses the ng offer or is silent for the ng timeout (500 ms) is skipped and the
 * next one tried, so a call is never lost to a node a retry could avoid.
 */
final class MediaNodePicker {
    static final String ROLE = "media";
    private static final Logger LOG = LoggerFactory.getLogger(MediaNodePicker.class);
    private final Supplier<NodeRegistry> registry;
    private final NgClient ng;
    private final RecentAllocations recent = new RecentAllocations();

    MediaNodePicker(Supplier<NodeRegistry> registry, NgClient ng) {
        this.registry = registry;
        this.ng = ng;
    }

    /** Opens the session with an ng offer on the first node that takes it. */
    MediaLease offer(String callId, String fromTag, String sdp, boolean callerIsPublic, boolean calleeIsPublic) {
        NodeRegistry nodes = registry.get();
        List<NodeStatus> candidates = new ArrayList<>(recent.leastLoadedFirst(nodes.online(ROLE)));
        candidates.removeIf(n -> n.capacity() > 0 && recent.load(n) >= n.capacity() || !n.ports().containsKey("ng"));
        if (candidates.isEmpty()) {
            throw new NoMediaNodeException("no media node online with free capacity");
        }
        for (NodeStatus node : candidates) {
            InetSocketAddress address = new InetSocketAddress(node.privateAddress(), node.ports().get("ng"));
            Map<String, Object> command = new LinkedHashMap<>();
            command.put("command", "offer");
            command.put("call-id", callId);
            command.put("from-tag", fromTag);
            command.put("sdp", sdp);
            command.put("flags", List.of("trust-address"));
            command.put("replace", List.of("origin", "session-connection"));
            // Which of the node's addresses each side is given: public only for peers outside (docs/ARCHITECTURE.md).
            command.put("direction", List.of(side(callerIsPublic), side(calleeIsPublic)));
            try {
                Map<String, Object> reply = ng.call(address, command);
                if ("ok".equals(reply.get("result")) && reply.get("sdp") instanceof String out) {
                    recent.allocated(node.name(), nodes.clusterTime());
                    return new MediaLease(node.name(), address, out);
                }
                LOG.warn("media node {} refused offer for Call-ID {}: {}", node.name(), callId, reply.get("error-reason"));
            } catch (NgTimeoutException e) {
                LOG.warn("media node {} silent for Call-ID {}: {}", node.name(), callId, e.getMessage());
            }
        }
        throw new NoMediaNodeException("every media node refused or timed out (" + candidates.size() + " tried)");
    }

    static String side(boolean isPublic) {
        return isPublic ? "public" : "private";
    }

    NodeStatus node(String name) {
        return registry.get().all().stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
    }
}
