package io.switchboard.loadtest.lab;

import java.time.Duration;
import java.util.List;

/**
 * The plumbing the labs share: a Linux bridge with this machine's address on it, and network
 * namespaces joined to it by a veth pair (their end named eth0). Nothing is routed off the bridge.
 */
final class LabNetwork {
    private LabNetwork() {
    }

    /** A bridge {@code name} holding {@code address}/24, up. */
    static void bridge(String name, String address) {
        must(List.of("ip", "link", "add", name, "type", "bridge"));
        must(List.of("ip", "addr", "add", address + "/24", "dev", name));
        must(List.of("ip", "link", "set", name, "up"));
    }

    /** Namespace {@code ns} on {@code bridge} through veth {@code veth}, its eth0 holding {@code address}/24, lo up. */
    static void namespace(String ns, String veth, String bridge, String address) {
        must(List.of("ip", "netns", "add", ns));
        must(List.of("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns));
        must(List.of("ip", "link", "set", veth, "master", bridge, "up"));
        must(List.of("ip", "-n", ns, "addr", "add", address + "/24", "dev", "eth0"));
        must(List.of("ip", "-n", ns, "link", "set", "eth0", "up"));
        must(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
    }

    /** Runs {@code command}; a non-zero exit is an error naming the command, its exit and its output. */
    static void must(List<String> command) {
        ServerLab.Result r = ServerLab.exec(command, Duration.ofSeconds(30));
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + r.exit() + "): " + r.output().strip());
        }
    }
}
