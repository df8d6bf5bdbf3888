package io.switchboard.common.cluster;

import java.util.Map;

/**
 * What a process publishes about itself in the {@code nodes} map on every heartbeat. Times are
 * Hazelcast cluster time in milliseconds, so machines with skewed clocks still agree on liveness.
 *
 * @param ports           service name to port, e.g. {@code sip -> 5060}, {@code http -> 8888}
 * @param heartbeatMillis this node's heartbeat period; it is offline after three missed
 * @param stopping        set on a graceful shutdown so the node is offline at once
 */
public record NodeStatus(String name, String role, String privateAddress, String publicAddress,
                         Map<String, Integer> ports, String version, int activeSessions, int capacity,
                         long startedAt, long heartbeatAt, long heartbeatMillis, boolean stopping) {

    public NodeStatus {
        ports = Map.copyOf(ports);
        publicAddress = publicAddress == null ? "" : publicAddress;
    }

    /** Online when it heartbeated within three of its own periods and is not stopping. */
    public boolean onlineAt(long clusterTimeMillis) {
        return !stopping && clusterTimeMillis - heartbeatAt <= 3 * heartbeatMillis;
    }

    /** This status with its capacity lowered to {@code cap} (the inventory's maximum); 0 leaves it as it is. */
    public NodeStatus cappedAt(int cap) {
        if (cap <= 0 || capacity > 0 && capacity <= cap) {
            return this;
        }
        return new NodeStatus(name, role, privateAddress, publicAddress, ports, version, activeSessions, cap,
                startedAt, heartbeatAt, heartbeatMillis, stopping);
    }

    NodeStatus beat(long now, int sessions) {
        return new NodeStatus(name, role, privateAddress, publicAddress, ports, version, sessions, capacity,
                startedAt, now, heartbeatMillis, false);
    }

    NodeStatus stopped(long now) {
        return new NodeStatus(name, role, privateAddress, publicAddress, ports, version, 0, capacity,
                startedAt, now, heartbeatMillis, true);
    }
}
