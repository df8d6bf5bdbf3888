package io.switchboard.dist.service;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A role as a detached process where systemd is not PID 1 (containers, CI): started in a session of its own
 * ({@code setsid}) with standard input from /dev/null and its output appended to /var/log/switchboard/ROLE.log, so it
 * outlives the SSH session that started it; its PID in /var/lib/switchboard/run/ROLE.pid. A PID file is never trusted
 * alone: the process must be alive and be java running {@code SwitchboardCli ROLE} (/proc/PID/cmdline), so a PID
 * reused by another process after a crash reads as "not running". Nothing restarts a role that dies.
 */
public final class SupervisedService implements RoleService {
    /** As the units' TimeoutStopSec: a worker hands its calls over to another node before it exits. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);
    /** A role that exits within this time after start failed at start (missing java, a config it rejects: about 1 s). */
    public static final Duration START_GRACE = Duration.ofSeconds(3);
    /**
     * What the role's environment keeps of the caller's, as under systemd (which starts units with a clean one):
     * configuration comes from /etc/switchboard/ROLE.yaml, never from whoever ran the command. A role also refuses any
     * SWITCHBOARD_ variable that is not one of its keys, SWITCHBOARD_SERVICE_ROOT included.
     */
    static final List<String> PASSED_ENVIRONMENT = List.of("PATH", "LANG", "LC_ALL", "TZ", "JAVA_HOME", "SWITCHBOARD_JAVA_OPTS");
    static final String MAIN_CLASS = "io.switchboard.dist.SwitchboardCli";

    private final ServicePaths paths;
    private final Host host;
    private final Duration stopTimeout;
    private final Duration startGrace;

    public SupervisedService(ServicePaths paths, Host host) {
        this(paths, host, STOP_TIMEOUT, START_GRACE);
    }

    public SupervisedService(ServicePaths paths, Host host, Duration stopTimeout, Duration startGrace) {
        this.paths = paths;
        this.host = host;
        this.stopTimeout = stopTimeout;
        this.startGrace = startGrace;
    }

    @Override
    public String mode() {
        return "supervised";
    }

    @Override
    public String install(Role role, String user) {
        return "supervised: systemd is not PID 1 here";
    }

    @Override
    public Outcome start(Role role) throws ServiceFailure {
        OptionalLong running = runningPid(role);
        if (running.isPresent()) {
            return Outcome.ok(role, "already running (pid " + running.getAsLong() + ", supervised)");
        }
        if (!Files.isExecutable(paths.launcher())) {
            throw new ServiceFailure("not started: " + paths.show(paths.launcher()) + " is missing (extract the archive to "
                    + paths.show(paths.home()) + ")");
        }
        if (!Files.isRegularFile(paths.config(role))) {
            throw new ServiceFailure("not started: " + paths.show(paths.config(role)) + " is missing (switchboard service install "
                    + role + " --config FILE)");
        }
        List<String> command = new ArrayList<>(List.of("setsid"));
        ProcessBuilder pb = new ProcessBuilder();
        Map<String, String> env = pb.environment();
        env.keySet().retainAll(PASSED_ENVIRONMENT);
        env.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", paths.stateDir().toString());
        try {
            Files.createDirectories(paths.runDir());
            Files.createDirectories(paths.logDir());
            Files.createDirectories(paths.stateDir());
            String user = host.isRoot() ? host.owner(paths.stateDir()) : "";
            if (!user.isEmpty() && !"root".equals(user)) {
                // The same account as the unit's User=: the state directory's owner, set by install.
                command.addAll(List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups", "--"));
            }
        } catch (IOException e) {
            throw new ServiceFailure("start failed: " + e);
        }
        command.addAll(List.of(paths.launcher().toString(), role.cliName(), "--config", paths.config(role).toString()));
        pb.command(command).directory(paths.stateDir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(paths.log(role).toFile()))
                .redirectErrorStream(true);
        Process process;
        try {
            process = pb.start();
            writePidFile(role, process.pid());
        } catch (IOException e) {
            throw new ServiceFailure("start failed: " + e.getMessage());
        }
        try {
            if (process.waitFor(startGrace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                deletePidFile(role);
                throw new ServiceFailure("start failed: exited at once with code " + process.exitValue() + lastLogLine(role));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Outcome.ok(role, "started (pid " + process.pid() + ", supervised)");
    }

    @Override
    public Outcome stop(Role role) throws ServiceFailure {
        OptionalLong running = runningPid(role);
        if (running.isEmpty()) {
            deletePidFile(role);
            return Outcome.ok(role, "stopped (it was not running)");
        }
        long pid = running.getAsLong();
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            deletePidFile(role);
            return Outcome.ok(role, "stopped (it was not running)");
        }
        handle.get().destroy(); // SIGTERM: the role stops gracefully, handing its calls over
        String how = "stopped";
        if (!waitForExit(pid, stopTimeout)) {
            handle.get().destroyForcibly(); // SIGKILL
            waitForExit(pid, Duration.ofSeconds(10));
            how = "stopped (killed with SIGKILL: still running " + stopTimeout.toSeconds() + " s after SIGTERM)";
        }
        deletePidFile(role);
        return Outcome.ok(role, how);
    }

    @Override
    public Outcome restart(Role role) throws ServiceFailure {
        stop(role);
        Outcome started = start(role);
        return new Outcome(started.exitCode(), started.line().replace(": started (", ": restarted ("));
    }

    @Override
    public Outcome status(Role role) throws ServiceFailure {
        OptionalLong running = runningPid(role);
        if (running.isPresent()) {
            return Outcome.ok(role, "running (pid " + running.getAsLong() + ")");
        }
        OptionalLong recorded = recordedPid(role);
        if (recorded.isEmpty()) {
            return Outcome.notRunning(role, "");
        }
        long pid = recorded.getAsLong();
        return Outcome.notRunning(role, " (stale PID file: pid " + pid + (alive(pid) ? " is another process)" : " has exited)"));
    }

    @Override
    public String remove(Role role) throws ServiceFailure {
        return deletePidFile(role) ? "PID file" : "";
    }

    /** The role's PID when the PID file names a live java process running this role, else empty. */
    OptionalLong runningPid(Role role) {
        OptionalLong pid = recordedPid(role);
        if (pid.isPresent() && alive(pid.getAsLong()) && isRoleProcess(commandLine(pid.getAsLong()), role)) {
            return pid;
        }
        return OptionalLong.empty();
    }

    private OptionalLong recordedPid(Role role) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(paths.pidFile(role)).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** java ... io.switchboard.dist.SwitchboardCli ROLE ...: what the launcher execs for this role. */
    static boolean isRoleProcess(List<String> argv, Role role) {
        if (argv.isEmpty() || !Path.of(argv.get(0)).getFileName().toString().equals("java")) {
            return false;
        }
        int main = argv.indexOf(MAIN_CLASS);
        return main >= 0 && main + 1 < argv.size() && argv.get(main + 1).equals(role.cliName());
    }

    static List<String> commandLine(long pid) {
        try {
            String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
            return raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Alive and not a zombie (a process that exited but was not reaped yet is gone for our purposes). */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')');
            char state = end >= 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean waitForExit(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alive(pid)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !alive(pid);
            }
        }
        return true;
    }

    private void writePidFile(Role role, long pid) throws IOException {
        Path tmp = paths.runDir().resolve(role.cliName() + ".pid.tmp");
        Files.writeString(tmp, pid + "\n");
        Files.move(tmp, paths.pidFile(role), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private boolean deletePidFile(Role role) throws ServiceFailure {
        try {
            return Files.deleteIfExists(paths.pidFile(role));
        } catch (IOException e) {
            throw new ServiceFailure("could not remove " + paths.show(paths.pidFile(role)) + ": " + e.getMessage());
        }
    }

    private String lastLogLine(Role role) {
        try {
            List<String> lines = Files.readAllLines(paths.log(role));
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return ": " + lines.get(i).strip() + " (log " + paths.show(paths.log(role)) + ")";
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // no log to quote
        }
        return " (log " + paths.show(paths.log(role)) + ")";
    }
}
