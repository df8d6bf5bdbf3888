package io.switchboard.dist;

import io.switchboard.common.config.ConfigLoader;
import io.switchboard.common.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by the commands that start servers; each maps to a configuration key (highest precedence). */
final class ServerOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (keys: see README)")
    Path config;

    @Option(names = "--bind-address", paramLabel = "IP", description = "moves every listener of this process to IP: "
            + "SIP, admin API, metrics, ng, RTP, the IVR, queue and meeting SIP, Hazelcast (the *-address keys; the more specific options win)")
    String bindAddress;

    @Option(names = "--sip-address", paramLabel = "IP", description = "SIP listen address (sip.address)")
    String sipAddress;

    @Option(names = "--sip-port", paramLabel = "N", description = "SIP port, UDP and TCP (sip.port)")
    String sipPort;

    @Option(names = "--http-port", paramLabel = "N", description = "admin API port (http.port)")
    String httpPort;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "state directory (data-dir)")
    String dataDir;

    @Option(names = "--admin-password", paramLabel = "P", description = "admin API password (admin.password; or SWITCHBOARD_ADMIN_PASSWORD)")
    String adminPassword;

    /** Every listener's address key, and the cluster's own address and join list. */
    static final java.util.List<String> BIND_KEYS = java.util.List.of("sip.address", "http.address", "cluster.bind-address",
            "cluster.members", "media.ng-address", "media.rtp-address", "media.http-address", "ivr.sip-address",
            "ivr.http-address", "queue.sip-address", "queue.http-address", "meeting.sip-address", "meeting.http-address");

    Settings load(java.util.List<String> references) {
        Map<String, String> overrides = new LinkedHashMap<>();
        ConfigLoader loader = new ConfigLoader(references);
        if (bindAddress != null) {
            // Only the keys this role has: the all-in-one has them all, a media server no sip.address.
            for (String key : BIND_KEYS) {
                if (loader.referenceDefaults().containsKey(key)) {
                    overrides.put(key, bindAddress);
                }
            }
        }
        put(overrides, "sip.address", sipAddress);
        put(overrides, "sip.port", sipPort);
        put(overrides, "http.port", httpPort);
        put(overrides, "data-dir", dataDir);
        put(overrides, "admin.password", adminPassword);
        return loader.load(config, System.getenv(), overrides);
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
