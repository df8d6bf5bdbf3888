package io.switchboard.signaling.queue;

import io.switchboard.common.cluster.NodeRegistry;
import io.switchboard.common.cluster.NodeStatus;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a queue node that stopped heartbeating (killed, frozen, cut off) and hands its SIP address
 * to call control, which offers the callers who waited there to their queues again. Run every few
 * hundred milliseconds from a timer; a node that left gracefully hung its callers up itself first,
 * so it has none left to re-offer.
 */
public final class QueueNodeWatch implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueNodeWatch.class);
    private static final String ROLE = "queue";

    private final Supplier<NodeRegistry> registry;
    private final Consumer<InetSocketAddress> lost;
    /** Online queue nodes at the last look: name -> SIP address. */
    private final Map<String, InetSocketAddress> online = new HashMap<>();

    public QueueNodeWatch(Supplier<NodeRegistry> registry, Consumer<InetSocketAddress> lost) {
        this.registry = registry;
        this.lost = lost;
    }

    @Override
    public void run() {
        try {
            NodeRegistry nodes = registry.get();
            if (nodes == null) {
                return;
            }
            Map<String, InetSocketAddress> now = new HashMap<>();
            for (NodeStatus n : nodes.online(ROLE)) {
                Integer sip = n.ports().get("sip");
                if (sip != null) {
                    now.put(n.name(), new InetSocketAddress(n.privateAddress(), sip));
                }
            }
            for (Map.Entry<String, InetSocketAddress> was : online.entrySet()) {
                if (!now.containsKey(was.getKey())) {
                    LOG.warn("queue node {} ({}) is offline; its waiting callers are offered to their queues again",
                            was.getKey(), was.getValue());
                    lost.accept(was.getValue());
                }
            }
            online.clear();
            online.putAll(now);
        } catch (RuntimeException e) {
            LOG.warn("queue node watch failed: {}", e.toString());
        }
    }
}
