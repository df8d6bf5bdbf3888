package io.switchboard.queue;

import io.switchboard.common.cluster.ClusterSettings;
import io.switchboard.common.cluster.NodeIdentity;
import io.switchboard.common.config.ConfigException;
import io.switchboard.common.config.ConfigLoader;
import io.switchboard.common.config.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Typed, validated settings of the queue role ({@code queue.*} keys in queue.yaml, plus common.yaml). */
public record QueueSettings(String nodeName, String privateAddress, String publicAddress, ClusterSettings cluster,
                            boolean jvmMetrics, String sipAddress, int sipPort, int rtpPortMin, int rtpPortMax,
                            int maxSessions, Path promptDir, String httpAddress, int httpPort, int eventLoops, boolean sharedRtpPort) {

    public static final int MAX_SESSIONS = 5000;
    public static final List<String> REFERENCE = List.of("io/switchboard/reference/common.yaml",
            "io/switchboard/reference/queue.yaml");

    /** Reference defaults plus {@code overrides} (keys as in the YAML): for tests and embedding. */
    public static QueueSettings load(Map<String, String> overrides) {
        return from(new ConfigLoader(REFERENCE).load(null, Map.of(), overrides));
    }

    public static QueueSettings from(Settings s) {
        ClusterSettings cluster = ClusterSettings.from(s);
        NodeIdentity node = NodeIdentity.from(s, "queue", cluster);
        int portMin = s.integer("queue.rtp-port-min", 1024, 65534);
        int portMax = s.integer("queue.rtp-port-max", 1025, 65535);
        if (portMax - portMin < 1) {
            throw new ConfigException("queue.rtp-port-max", "must be at least queue.rtp-port-min + 1 (one caller needs a port pair), got "
                    + portMin + "-" + portMax);
        }
        int maxSessions = s.integer("queue.max-sessions", 1, MAX_SESSIONS);
        String promptDir = s.optional("queue.prompt-dir").filter(v -> !v.isBlank())
                .orElse(Path.of(s.required("data-dir")).resolve("prompts").toString());
        return new QueueSettings(node.name(), node.privateAddress(), node.publicAddress(), cluster, s.bool("metrics.jvm"),
                s.ipAddress("queue.sip-address").getHostAddress(), s.port("queue.sip-port"), portMin, portMax, maxSessions,
                Path.of(promptDir).toAbsolutePath().normalize(), s.ipAddress("queue.http-address").getHostAddress(),
                s.port("queue.http-port"), s.integer("queue.event-loops", 1, 256),
                s.bool("queue.rtp-shared-port"));
    }

    /** The address in Contact and SDP: the private one, since only signaling and media servers talk to a queue node. */
    public String advertisedAddress() {
        return privateAddress;
    }
}
