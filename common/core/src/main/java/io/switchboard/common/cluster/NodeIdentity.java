package io.switchboard.common.cluster;

import io.switchboard.common.config.ConfigException;
import io.switchboard.common.config.Settings;

/**
 * Who this process is in the registry ({@code node.*} keys): its name (default {@code <hostname>-<role>})
 * and the private and public addresses other servers and phones reach it at.
 */
public record NodeIdentity(String name, String privateAddress, String publicAddress) {

    public static NodeIdentity from(Settings s, String role, ClusterSettings cluster) {
        String name = s.optional("node.name").orElse(hostname() + "-" + role);
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new ConfigException("node.name", "use 1-64 letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        String privateAddress = s.optional("node.private-address").isPresent()
                ? s.ipAddress("node.private-address").getHostAddress() : cluster.bindAddress();
        String publicAddress = s.optional("node.public-address").isPresent()
                ? s.ipAddress("node.public-address").getHostAddress() : "";
        return new NodeIdentity(name, privateAddress, publicAddress);
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
