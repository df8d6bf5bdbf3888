package io.switchboard.meeting;

import io.switchboard.common.cluster.ClusterSettings;
import io.switchboard.common.cluster.NodeIdentity;
import io.switchboard.common.config.ConfigException;
import io.switchboard.common.config.ConfigLoader;
import io.switchboard.common.config.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Typed, validated settings of the meeting role ({@code meeting.*} keys in meeting.yaml, plus common.yaml). */
public record MeetingSettings(String nodeName, String privateAddress, String publicAddress, ClusterSettings cluster,
                            boolean jvmMetrics, String sipAddress, int sipPort, int rtpPortMin, int rtpPortMax,
                            int maxSessions, Path promptDir, String httpAddress, int httpPort, int eventLoops,
                            Path recordingDir, int roomShare, boolean sharedRtpPort) {

    public static final int MAX_SESSIONS = 5000;
    public static final List<String> REFERENCE = List.of("io/switchboard/reference/common.yaml",
            "io/switchboard/reference/meeting.yaml");

    /** Reference defaults plus {@code overrides} (keys as in the YAML): for tests and embedding. */
    public static MeetingSettings load(Map<String, String> overrides) {
        return from(new ConfigLoader(REFERENCE).load(null, Map.of(), overrides));
    }

    public static MeetingSettings from(Settings s) {
        ClusterSettings cluster = ClusterSettings.from(s);
        NodeIdentity node = NodeIdentity.from(s, "meeting", cluster);
        int portMin = s.integer("meeting.rtp-port-min", 1024, 65534);
        int portMax = s.integer("meeting.rtp-port-max", 1025, 65535);
        if (portMax - portMin < 1) {
            throw new ConfigException("meeting.rtp-port-max", "must be at least meeting.rtp-port-min + 1 (one participant needs a port pair), got "
                    + portMin + "-" + portMax);
        }
        int maxSessions = s.integer("meeting.max-sessions", 1, MAX_SESSIONS);
        String promptDir = s.optional("meeting.prompt-dir").filter(v -> !v.isBlank())
                .orElse(Path.of(s.required("data-dir")).resolve("prompts").toString());
        return new MeetingSettings(node.name(), node.privateAddress(), node.publicAddress(), cluster, s.bool("metrics.jvm"),
                s.ipAddress("meeting.sip-address").getHostAddress(), s.port("meeting.sip-port"), portMin, portMax, maxSessions,
                Path.of(promptDir).toAbsolutePath().normalize(), s.ipAddress("meeting.http-address").getHostAddress(),
                s.port("meeting.http-port"), s.integer("meeting.event-loops", 1, 256),
                Path.of(s.optional("meeting.recording-dir").filter(v -> !v.isBlank())
                        .orElse(Path.of(s.required("data-dir")).resolve("recordings").toString())).toAbsolutePath().normalize(),
                s.integer("meeting.room-share", 0, MAX_SESSIONS),
                s.bool("meeting.rtp-shared-port"));
    }

    /** The address in Contact and SDP: the private one, since only signaling and media servers talk to a meeting node. */
    public String advertisedAddress() {
        return privateAddress;
    }
}
