package io.switchboard.dist.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A role as a systemd unit where systemd is PID 1: the unit shipped in the archive's systemd/ is copied to
 * /etc/systemd/system/ and enabled; start, stop, restart and status go through systemctl, which also restarts a role
 * that fails (Restart=on-failure) and gives its output to the journal ({@code journalctl -u UNIT}).
 */
public final class SystemdService implements RoleService {
    private static final String DEFAULT_USER = "switchboard";

    private final ServicePaths paths;
    private final Host host;

    public SystemdService(ServicePaths paths, Host host) {
        this.paths = paths;
        this.host = host;
    }

    @Override
    public String mode() {
        return "systemd";
    }

    @Override
    public String install(Role role, String user) throws ServiceFailure {
        Path shipped = paths.shippedUnit(role);
        if (!Files.isRegularFile(shipped)) {
            throw new ServiceFailure("not installed: " + paths.show(shipped) + " is missing (extract the archive to "
                    + paths.show(paths.home()) + ")");
        }
        try {
            String unit = Files.readString(shipped);
            if (!DEFAULT_USER.equals(user)) {
                unit = unit.replaceAll("(?m)^User=.*$", "User=" + user).replaceAll("(?m)^Group=.*$", "Group=" + user);
            }
            Files.createDirectories(paths.unitDir());
            Files.writeString(paths.installedUnit(role), unit);
        } catch (IOException e) {
            throw new ServiceFailure("not installed: " + e);
        }
        systemctl(role, "install", "daemon-reload");
        systemctl(role, "install", "enable", role.unitName());
        return "systemd unit " + role.unitName() + " enabled";
    }

    @Override
    public Outcome start(Role role) throws ServiceFailure {
        requireInstalled(role, "start");
        if (!Files.isRegularFile(paths.config(role))) {
            throw new ServiceFailure("not started: " + paths.show(paths.config(role)) + " is missing (switchboard service install "
                    + role + " --config FILE)");
        }
        if (active(role)) {
            return Outcome.ok(role, "already running (pid " + mainPid(role) + ", systemd)");
        }
        systemctl(role, "start", "start", role.unitName());
        return Outcome.ok(role, "started (pid " + mainPid(role) + ", systemd)");
    }

    @Override
    public Outcome stop(Role role) throws ServiceFailure {
        if (!Files.isRegularFile(paths.installedUnit(role))) {
            return Outcome.ok(role, "stopped (it was not installed)");
        }
        boolean wasActive = active(role);
        systemctl(role, "stop", "stop", role.unitName()); // waits for the unit's TimeoutStopSec, then SIGKILL
        return Outcome.ok(role, wasActive ? "stopped" : "stopped (it was not running)");
    }

    @Override
    public Outcome restart(Role role) throws ServiceFailure {
        requireInstalled(role, "restart");
        systemctl(role, "restart", "restart", role.unitName());
        return Outcome.ok(role, "restarted (pid " + mainPid(role) + ", systemd)");
    }

    @Override
    public Outcome status(Role role) throws ServiceFailure {
        if (!Files.isRegularFile(paths.installedUnit(role))) {
            return Outcome.notRunning(role, " (not installed)");
        }
        Host.Result r = host.run(List.of("systemctl", "is-active", role.unitName()));
        String state = r.firstLine();
        if (r.exitCode() == 0 && "active".equals(state)) {
            return Outcome.ok(role, "running (pid " + mainPid(role) + ")");
        }
        return Outcome.notRunning(role, state.isEmpty() ? "" : " (" + state + ")");
    }

    @Override
    public String remove(Role role) throws ServiceFailure {
        if (!Files.isRegularFile(paths.installedUnit(role))) {
            return "";
        }
        systemctl(role, "uninstall", "disable", role.unitName());
        try {
            Files.deleteIfExists(paths.installedUnit(role));
        } catch (IOException e) {
            throw new ServiceFailure("uninstall failed: " + e);
        }
        systemctl(role, "uninstall", "daemon-reload");
        return "systemd unit " + role.unitName();
    }

    private void requireInstalled(Role role, String verb) throws ServiceFailure {
        if (!Files.isRegularFile(paths.installedUnit(role))) {
            throw new ServiceFailure("not " + verb + "ed: not installed (switchboard service install "
                    + role + " --config FILE)");
        }
    }

    private boolean active(Role role) throws ServiceFailure {
        return host.run(List.of("systemctl", "is-active", "--quiet", role.unitName())).exitCode() == 0;
    }

    private String mainPid(Role role) throws ServiceFailure {
        return host.run(List.of("systemctl", "show", "--property=MainPID", "--value", role.unitName())).firstLine();
    }

    private void systemctl(Role role, String verb, String... args) throws ServiceFailure {
        List<String> command = new ArrayList<>(List.of("systemctl"));
        command.addAll(List.of(args));
        Host.Result r = host.run(command);
        if (r.exitCode() != 0) {
            throw new ServiceFailure(verb + " failed: " + String.join(" ", command) + " exited " + r.exitCode()
                    + (r.firstLine().isEmpty() ? "" : ": " + r.firstLine())
                    + (verb.equals("start") || verb.equals("restart") ? " (journalctl -u " + role.unitName() + ")" : ""));
        }
    }
}
