package io.switchboard.media;

import io.switchboard.common.cluster.ClusterSettings;
import io.switchboard.common.cluster.NodeIdentity;
import io.switchboard.common.config.ConfigException;
import io.switchboard.common.config.ConfigLoader;
import io.switchboard.common.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Typed, validated settings of the media role ({@code media.*} keys in media.yaml, plus common.yaml). */
public record MediaSettings(String nodeName, String privateAddress, String publicAddress, ClusterSettings cluster,
                            boolean jvmMetrics, String ngAddress, int ngPort, String rtpAddress, int portMin, int portMax,
                            int maxSessions, Duration timeout, int eventLoops, String httpAddress, int httpPort,
                            boolean recordingEnabled, Path recordingDir, int recordingQueueFrames, List<String> ngAllow,
                            int warmupOffers) {

    public static final int MAX_SESSIONS = 5000;
    public static final List<String> REFERENCE = List.of("io/switchboard/reference/common.yaml",
            "io/switchboard/reference/media.yaml");

    /** Reference defaults plus {@code overrides} (keys as in the YAML): for tests and embedding. */
    public static MediaSettings load(Map<String, String> overrides) {
        return from(new ConfigLoader(REFERENCE).load(null, Map.of(), overrides));
    }

    public static MediaSettings from(Settings s) {
        ClusterSettings cluster = ClusterSettings.from(s);
        NodeIdentity node = NodeIdentity.from(s, "media", cluster);
        String nodeName = node.name();
        String privateAddress = node.privateAddress();
        String publicAddress = node.publicAddress();
        String rtpAddress = s.optional("media.rtp-address").isPresent()
                ? s.ipAddress("media.rtp-address").getHostAddress() : "0.0.0.0";
        int portMin = s.integer("media.port-min", 1024, 65534);
        int portMax = s.integer("media.port-max", 1025, 65535);
        if (portMax - portMin < 3) {
            throw new ConfigException("media.port-max", "must be at least media.port-min + 3 (one call needs two port pairs), got "
                    + portMin + "-" + portMax);
        }
        int maxSessions = s.integer("media.max-sessions", 1, MAX_SESSIONS);
        if ((portMax - portMin + 1) / 4 < maxSessions) {
            LoggerHolder.LOG.warn("media.port-min..port-max ({}-{}) holds fewer than media.max-sessions={} calls", portMin, portMax, maxSessions);
        }
        return new MediaSettings(nodeName, privateAddress, publicAddress, cluster, s.bool("metrics.jvm"),
                s.ipAddress("media.ng-address").getHostAddress(), s.port("media.ng-port"), rtpAddress, portMin, portMax,
                maxSessions, s.duration("media.timeout", Duration.ofMillis(100), Duration.ofHours(24)),
                s.integer("media.event-loops", 1, 256), s.ipAddress("media.http-address").getHostAddress(), s.port("media.http-port"),
                s.bool("media.recording.enabled"), Path.of(s.optional("media.recording.dir").orElse(
                        Path.of(s.required("data-dir")).resolve("recordings").toString())).toAbsolutePath().normalize(),
                s.integer("media.recording.queue-frames", 16, 1_000_000), ngAllow(s),
                s.integer("media.warmup-offers", 0, 100_000));
    }

    private static List<String> ngAllow(Settings s) {
        List<String> out = new java.util.ArrayList<>();
        for (String a : s.list("media.ng-allow")) {
            if (!a.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                throw new ConfigException("media.ng-allow", "must be IP addresses separated by commas, got '" + a + "'");
            }
            out.add(a);
        }
        return List.copyOf(out);
    }

    private static final class LoggerHolder {
        static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MediaSettings.class);
    }
}
