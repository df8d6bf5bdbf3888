package io.switchboard.ivr;

import io.switchboard.common.cluster.ClusterSettings;
import io.switchboard.common.cluster.NodeIdentity;
import io.switchboard.common.config.ConfigException;
import io.switchboard.common.config.ConfigLoader;
import io.switchboard.common.config.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Typed, validated settings of the IVR role ({@code ivr.*} keys in ivr.yaml, plus common.yaml). */
public record IvrSettings(String nodeName, String privateAddress, String publicAddress, ClusterSettings cluster,
                          boolean jvmMetrics, String sipAddress, int sipPort, int rtpPortMin, int rtpPortMax,
                          int maxSessions, Path promptDir, String httpAddress, int httpPort, int eventLoops,
                          boolean demo) {

    public static final int MAX_SESSIONS = 5000;
    public static final List<String> REFERENCE = List.of("io/switchboard/reference/common.yaml",
            "io/switchboard/reference/ivr.yaml");

    /** Reference defaults plus {@code overrides} (keys as in the YAML): for tests and embedding. */
    public static IvrSettings load(Map<String, String> overrides) {
        return from(new ConfigLoader(REFERENCE).load(null, Map.of(), overrides));
    }

    public static IvrSettings from(Settings s) {
        ClusterSettings cluster = ClusterSettings.from(s);
        NodeIdentity node = NodeIdentity.from(s, "ivr", cluster);
        int portMin = s.integer("ivr.rtp-port-min", 1024, 65534);
        int portMax = s.integer("ivr.rtp-port-max", 1025, 65535);
        if (portMax - portMin < 1) {
            throw new ConfigException("ivr.rtp-port-max", "must be at least ivr.rtp-port-min + 1 (one caller needs a port pair), got "
                    + portMin + "-" + portMax);
        }
        int maxSessions = s.integer("ivr.max-sessions", 1, MAX_SESSIONS);
        String promptDir = s.optional("ivr.prompt-dir").filter(v -> !v.isBlank())
                .orElse(Path.of(s.required("data-dir")).resolve("prompts").toString());
        return new IvrSettings(node.name(), node.privateAddress(), node.publicAddress(), cluster, s.bool("metrics.jvm"),
                s.ipAddress("ivr.sip-address").getHostAddress(), s.port("ivr.sip-port"), portMin, portMax, maxSessions,
                Path.of(promptDir).toAbsolutePath().normalize(), s.ipAddress("ivr.http-address").getHostAddress(),
                s.port("ivr.http-port"), s.integer("ivr.event-loops", 1, 256), s.bool("ivr.demo"));
    }

    /**
     * The address written into Contact and SDP: the private one, since only signaling and the media
     * servers talk to an IVR node (docs/ARCHITECTURE.md, "Call path").
     */
    public String advertisedAddress() {
        return privateAddress;
    }
}
