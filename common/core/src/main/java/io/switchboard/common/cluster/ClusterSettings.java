package io.switchboard.common.cluster;

import io.switchboard.common.config.ConfigException;
import io.switchboard.common.config.Settings;
import java.time.Duration;
import java.util.List;

/** Hazelcast membership settings ({@code cluster.*} keys). */
public record ClusterSettings(String name, String bindAddress, int port, List<String> members,
                              Duration heartbeat, Duration memberTimeout) {

    public static ClusterSettings from(Settings s) {
        String name = s.required("cluster.name");
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new ConfigException("cluster.name", "use 1-64 letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        List<String> members = s.list("cluster.members");
        for (String m : members) {
            if (!m.matches("[A-Za-z0-9.:\\[\\]-]+")) {
                throw new ConfigException("cluster.members", "'" + m + "' is not a host or host:port");
            }
        }
        Duration heartbeat = s.duration("cluster.heartbeat", Duration.ofMillis(100), Duration.ofMinutes(1));
        Duration timeout = s.duration("cluster.member-timeout", Duration.ofSeconds(2), Duration.ofMinutes(5));
        return new ClusterSettings(name, s.ipAddress("cluster.bind-address").getHostAddress(),
                s.integer("cluster.port", 1, 65535), members, heartbeat, timeout);
    }
}
