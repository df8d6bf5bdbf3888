package io.switchboard.loadtest;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.media.MediaServer;
import io.switchboard.media.MediaSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts a media node in this JVM on 127.0.0.1, published through an existing Hazelcast member
 * (a local signaling's), with ephemeral ng and metrics ports and relay ports from a range the
 * caller names, so the node's RTP ports never collide with SIPp's or another node's.
 */
public final class LocalMedia {

    private LocalMedia() {
    }

    /**
     * Starts node {@code name} relaying on {@code portMin..portMax}; {@code overrides} win over the
     * test defaults (e.g. {@code media.max-sessions}, {@code media.timeout}).
     */
    public static MediaServer start(String name, HazelcastInstance cluster, int portMin, int portMax, Path dataDir,
            Map<String, String> overrides, PrintStream out) throws Exception {
        Map<String, String> keys = new HashMap<>();
        keys.put("node.name", name);
        keys.put("node.private-address", Sipp.LOOPBACK);
        keys.put("media.ng-address", Sipp.LOOPBACK);
        keys.put("media.ng-port", "0");
        keys.put("media.rtp-address", Sipp.LOOPBACK);
        keys.put("media.port-min", Integer.toString(portMin));
        keys.put("media.port-max", Integer.toString(portMax));
        keys.put("media.http-address", Sipp.LOOPBACK);
        keys.put("media.http-port", "0");
        // A call takes two port pairs: a cap the range can hold keeps the settings check quiet.
        keys.put("media.max-sessions", Integer.toString(Math.max(1, (portMax - portMin + 1) / 4)));
        keys.put("media.timeout", "10s");
        keys.put("media.event-loops", "1");
        keys.put("data-dir", dataDir.toString());
        keys.put("metrics.jvm", "false");
        keys.putAll(overrides);
        return MediaServer.embedded(MediaSettings.load(keys), "loadtest", out, cluster);
    }
}
