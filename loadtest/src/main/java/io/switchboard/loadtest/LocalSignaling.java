package io.switchboard.loadtest;

import io.switchboard.common.config.ConfigLoader;
import io.switchboard.signaling.SignalingServer;
import io.switchboard.signaling.SignalingSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Starts a signaling server in this JVM on 127.0.0.1 with ephemeral SIP and HTTP ports, a cluster
 * of its own (random name, so it never joins another test's member) and its state in {@code dataDir}.
 */
public final class LocalSignaling {
    /** Admin API password of every local server; it guards nothing but a loopback port. */
    public static final String ADMIN_PASSWORD = "loadtest-admin-password";
    /**
     * Override key (not a config key): "false" starts signaling without {@link LabInventory}, so only
     * the servers a test adds itself are given work.
     */
    public static final String LAB_INVENTORY = "lab.inventory";

    private LocalSignaling() {
    }

    /** Starts a server; {@code overrides} win over the test defaults (e.g. {@code sip.workers}). */
    public static SignalingServer start(Path dataDir, Map<String, String> overrides, PrintStream out) throws Exception {
        int clusterPort = 5801 + ThreadLocalRandom.current().nextInt(100);
        Map<String, String> keys = new HashMap<>();
        keys.put("sip.address", Sipp.LOOPBACK);
        keys.put("sip.port", "0");
        keys.put("http.address", Sipp.LOOPBACK);
        keys.put("http.port", "0");
        keys.put("data-dir", dataDir.toString());
        keys.put("node.name", "loadtest");
        keys.put("cluster.name", "loadtest-" + UUID.randomUUID());
        keys.put("cluster.port", Integer.toString(clusterPort));
        keys.put("cluster.members", "127.0.0.1:" + clusterPort);
        keys.put("admin.password", ADMIN_PASSWORD);
        keys.put("metrics.jvm", "false");
        keys.putAll(overrides);
        boolean lab = !"false".equals(keys.remove(LAB_INVENTORY));
        SignalingSettings settings = SignalingSettings.from(
                new ConfigLoader(SignalingSettings.REFERENCE).load(null, Map.of(), keys));
        SignalingServer server = SignalingServer.start(settings, "loadtest", out);
        if (lab) {
            LabInventory.attach(server);
        }
        return server;
    }
}
