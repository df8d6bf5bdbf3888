package io.switchboard.signaling.dialplan;

import io.switchboard.common.cluster.NodeStatus;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which SIP requests come from the cluster's own workers: a source address and port that an online
 * IVR, queue or meeting server publishes in the registry as its SIP listener. Such a server rings
 * agents and callers on the cluster's behalf and holds no digest credentials, so its INVITE is
 * trusted without a 407 (a phone on the same host sends from another port and is still challenged).
 */
public final class WorkerEndpoints {
    private static final Set<ServiceKind> WORKERS = EnumSet.allOf(ServiceKind.class);

    private final Function<String, List<NodeStatus>> online;

    /** @param online the registry's online nodes of a role */
    public WorkerEndpoints(Function<String, List<NodeStatus>> online) {
        this.online = online;
    }

    /** The worker that sent from {@code source}, or null when it is not one. */
    public NodeStatus workerAt(InetSocketAddress source) {
        if (source.getAddress() == null) {
            return null;
        }
        String host = source.getAddress().getHostAddress();
        int port = source.getPort();
        for (ServiceKind kind : WORKERS) {
            for (NodeStatus n : online.apply(kind.role())) {
                Integer sip = n.ports().get("sip");
                if (sip != null && sip == port && host.equals(n.privateAddress())) {
                    return n;
                }
            }
        }
        return null;
    }
}
