package io.switchboard.loadtest;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings keys of a worker node (meeting, queue, IVR) that a test starts in its own JVM: SIP
 * and metrics on ephemeral ports of one loopback address, RTP on a range the test names so that no
 * two nodes (or SIPp) collide, and a 250 ms cluster heartbeat so that a stopped node is seen gone
 * within the test's settle time.
 */
public final class WorkerKeys {
    private WorkerKeys() {
    }

    /** The keys of {@code role} node {@code name} on 127.0.0.1; a mutable map, for a test's own extra keys. */
    public static Map<String, String> loopback(String role, String name, int rtpFrom, int rtpTo, Path dataDir) {
        return on(Sipp.LOOPBACK, role, name, rtpFrom, rtpTo, dataDir);
    }

    /** The same on {@code address}, e.g. the real-phone tests' 127.0.0.41. */
    public static Map<String, String> on(String address, String role, String name, int rtpFrom, int rtpTo, Path dataDir) {
        Map<String, String> keys = new HashMap<>();
        keys.put("cluster.heartbeat", "250ms");
        keys.put("node.name", name);
        keys.put("node.private-address", address);
        keys.put(role + ".sip-address", address);
        keys.put(role + ".sip-port", "0");
        keys.put(role + ".rtp-port-min", Integer.toString(rtpFrom));
        keys.put(role + ".rtp-port-max", Integer.toString(rtpTo));
        keys.put(role + ".http-address", address);
        keys.put(role + ".http-port", "0");
        keys.put("data-dir", dataDir.toString());
        keys.put("metrics.jvm", "false");
        return keys;
    }
}
