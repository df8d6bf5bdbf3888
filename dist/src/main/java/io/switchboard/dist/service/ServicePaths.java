package io.switchboard.dist.service;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where an installed host keeps each thing: the distribution in /opt/switchboard, configuration in /etc/switchboard,
 * state (database, recordings, PID files) in /var/lib/switchboard, supervised roles' logs in /var/log/switchboard.
 * {@code SWITCHBOARD_SERVICE_ROOT} is prepended to every one of them (and to /etc/systemd/system): it exists for
 * tests and packagers (a staging tree), not for running hosts.
 *
 * @param root "/" on a host, a staging directory otherwise
 */
public record ServicePaths(Path root) {
    public static final String ROOT_VARIABLE = "SWITCHBOARD_SERVICE_ROOT";

    public static ServicePaths fromEnvironment(Map<String, String> env) {
        String root = env.getOrDefault(ROOT_VARIABLE, "");
        return new ServicePaths(Path.of(root.isBlank() ? "/" : root).toAbsolutePath().normalize());
    }

    private Path under(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    /** The extracted archive: bin/switchboard, lib/, systemd/. */
    public Path home() {
        return under("/opt/switchboard");
    }

    public Path launcher() {
        return home().resolve("bin/switchboard");
    }

    public Path shippedUnit(Role role) {
        return home().resolve("systemd").resolve(role.unitName());
    }

    public Path configDir() {
        return under("/etc/switchboard");
    }

    public Path config(Role role) {
        return configDir().resolve(role.cliName() + ".yaml");
    }

    public Path stateDir() {
        return under("/var/lib/switchboard");
    }

    public Path runDir() {
        return stateDir().resolve("run");
    }

    public Path pidFile(Role role) {
        return runDir().resolve(role.cliName() + ".pid");
    }

    public Path logDir() {
        return under("/var/log/switchboard");
    }

    public Path log(Role role) {
        return logDir().resolve(role.cliName() + ".log");
    }

    public Path unitDir() {
        return under("/etc/systemd/system");
    }

    public Path installedUnit(Role role) {
        return unitDir().resolve(role.unitName());
    }

    /** A path as the operator knows it, e.g. /etc/switchboard/media-server.yaml even under a test root. */
    public String show(Path path) {
        return path.startsWith(root) && !root.equals(root.getRoot()) ? "/" + root.relativize(path) : path.toString();
    }
}
