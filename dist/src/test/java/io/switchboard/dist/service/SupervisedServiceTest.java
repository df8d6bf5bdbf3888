package io.switchboard.dist.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervised mode (no systemd) with real detached processes: under a temporary root, with a stand-in launcher
 * whose process looks like the real role in /proc/PID/cmdline (argv[0] "java", then SwitchboardCli ROLE) and sleeps.
 */
class SupervisedServiceTest {
    private static final Pattern STARTED = Pattern.compile("media-server: started \\(pid (\\d+), supervised\\)");
    /** Looks like `java ... io.switchboard.dist.SwitchboardCli ROLE --config FILE` and exits on SIGTERM within 0.2 s. */
    private static final String ROLE_STUB = "#!/usr/bin/env bash\n"
            + "exec -a java bash -c 'trap \"exit 0\" TERM; while :; do sleep 0.2; done' stub io.switchboard.dist.SwitchboardCli \"$@\"\n";

    @TempDir
    Path root;
    ServicePaths paths;
    FakeHost host = new FakeHost();
    SupervisedService service;
    ServiceCommand command;

    @BeforeEach
    void install() throws IOException {
        paths = new ServicePaths(root);
        launcher(ROLE_STUB);
        service = new SupervisedService(paths, host, Duration.ofSeconds(10), Duration.ofMillis(300));
        command = new ServiceCommand(paths, host, service);
        Path config = Files.writeString(root.resolve("media.yaml"), "media:\n  max-sessions: 10\n");
        assertThat(run("install", "media-server", "--config", config.toString()).exitCode()).isZero();
    }

    @AfterEach
    void stopEverything() {
        for (Role role : Role.values()) {
            try {
                Files.readAllLines(paths.pidFile(role)).stream().findFirst()
                        .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid.strip()))).ifPresent(ProcessHandle::destroyForcibly);
            } catch (IOException | NumberFormatException e) {
                // nothing started
            }
        }
    }

    private void launcher(String script) throws IOException {
        Path bin = Files.createDirectories(paths.launcher().getParent());
        Files.writeString(paths.launcher(), script);
        Files.setPosixFilePermissions(paths.launcher(), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(bin).isDirectory();
    }

    private CommandRun run(String... args) {
        return CommandRun.of(command, args);
    }

    private long started(CommandRun run) {
        assertThat(run.exitCode()).as(run.line()).isZero();
        Matcher m = STARTED.matcher(run.out().strip());
        assertThat(m.matches()).as(run.out()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void installCreatesTheDirectoriesAndCopiesTheConfig() throws IOException {
        assertThat(paths.config(Role.MEDIA_SERVER)).hasContent("media:\n  max-sessions: 10");
        assertThat(paths.stateDir()).isDirectory();
        assertThat(paths.logDir()).isDirectory();
        CommandRun again = run("install", "media-server");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).isEqualTo("media-server: installed (supervised: systemd is not PID 1 here; "
                + "config /etc/switchboard/media-server.yaml kept)\n");
        assertThat(host.commands).isEmpty();
    }

    @Test
    void installWithAConfigThatDoesNotExistFailsWithTheReason() {
        CommandRun r = run("install", "queue-server", "--config", root.resolve("missing.yaml").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("queue-server: not installed: config file ").endsWith("missing.yaml not found\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void startLaunchesTheRoleDetachedWithAPidFileAndItsOutputInTheLog() throws Exception {
        long pid = started(run("start", "media-server"));
        assertThat(paths.pidFile(Role.MEDIA_SERVER)).hasContent(Long.toString(pid));
        List<String> argv = SupervisedService.commandLine(pid);
        assertThat(argv).startsWith("java").containsSubsequence("io.switchboard.dist.SwitchboardCli", "media-server", "--config",
                paths.config(Role.MEDIA_SERVER).toString());
        // setsid: a session of its own, so it outlives the (SSH) session that started it
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertThat(fields[3]).as("session id").isEqualTo(Long.toString(pid));
        assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"))).isEqualTo(paths.stateDir());
        assertThat(paths.log(Role.MEDIA_SERVER)).exists();
    }

    @Test
    void startWhenAlreadyRunningSaysSoAndLeavesTheProcessAlone() {
        long pid = started(run("start", "media-server"));
        CommandRun again = run("start", "media-server");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).isEqualTo("media-server: already running (pid " + pid + ", supervised)\n");
        assertThat(SupervisedService.alive(pid)).isTrue();
    }

    @Test
    void statusSaysRunningWithThePidThenNotRunningWithExitCode3() {
        CommandRun before = run("status", "media-server");
        assertThat(before.exitCode()).isEqualTo(3);
        assertThat(before.out()).isEqualTo("media-server: not running\n");
        long pid = started(run("start", "media-server"));
        CommandRun running = run("status", "media-server");
        assertThat(running.exitCode()).isZero();
        assertThat(running.out()).isEqualTo("media-server: running (pid " + pid + ")\n");
        assertThat(run("stop", "media-server").out()).isEqualTo("media-server: stopped\n");
        CommandRun after = run("status", "media-server");
        assertThat(after.exitCode()).isEqualTo(3);
        assertThat(after.out()).isEqualTo("media-server: not running\n");
    }

    @Test
    void aStalePidFileIsNeverTrusted() throws IOException {
        Files.createDirectories(paths.runDir());
        // A live java process that is not this role (this test's JVM), then a PID no process has.
        long self = ProcessHandle.current().pid();
        Files.writeString(paths.pidFile(Role.MEDIA_SERVER), self + "\n");
        CommandRun otherJava = run("status", "media-server");
        assertThat(otherJava.exitCode()).isEqualTo(3);
        assertThat(otherJava.out()).isEqualTo("media-server: not running (stale PID file: pid " + self + " is another process)\n");
        // Another role's process is not this role either.
        launcher(ROLE_STUB);
        Files.writeString(root.resolve("sig.yaml"), "sip:\n  port: 5070\n");
        run("install", "signaling", "--config", root.resolve("sig.yaml").toString());
        long signaling = Long.parseLong(run("start", "signaling").out().replaceAll("\\D+", " ").strip().split(" ")[0]);
        Files.writeString(paths.pidFile(Role.MEDIA_SERVER), signaling + "\n");
        assertThat(run("status", "media-server").exitCode()).isEqualTo(3);
        // stop never signals a process the PID file only claims
        assertThat(run("stop", "media-server").out()).isEqualTo("media-server: stopped (it was not running)\n");
        assertThat(SupervisedService.alive(signaling)).isTrue();
        assertThat(ProcessHandle.current().isAlive()).isTrue();
        // a PID no process has, then start goes ahead and replaces the stale file
        Files.writeString(paths.pidFile(Role.MEDIA_SERVER), "999999999\n");
        assertThat(run("status", "media-server").out()).isEqualTo("media-server: not running (stale PID file: pid 999999999 has exited)\n");
        long pid = started(run("start", "media-server"));
        assertThat(paths.pidFile(Role.MEDIA_SERVER)).hasContent(Long.toString(pid));
    }

    @Test
    void theRoleGetsACleanEnvironmentAsUnderSystemdWithoutTheServiceRoot() throws IOException {
        long pid = started(run("start", "media-server"));
        String environ = Files.readString(Path.of("/proc", Long.toString(pid), "environ"));
        assertThat(List.of(environ.split("\0"))).contains("HOME=" + paths.stateDir()).anyMatch(v -> v.startsWith("PATH="))
                // bash (the launcher) adds PWD, SHLVL and _ itself
                .allMatch(v -> v.matches("(HOME|PWD|SHLVL|_)=.*") || SupervisedService.PASSED_ENVIRONMENT.contains(v.substring(0, v.indexOf('='))));
    }

    @Test
    void stopSendsSigtermWaitsForTheExitAndRemovesThePidFile() {
        long pid = started(run("start", "media-server"));
        CommandRun stop = run("stop", "media-server");
        assertThat(stop.exitCode()).isZero();
        assertThat(stop.out()).isEqualTo("media-server: stopped\n");
        assertThat(SupervisedService.alive(pid)).isFalse();
        assertThat(paths.pidFile(Role.MEDIA_SERVER)).doesNotExist();
        assertThat(run("stop", "media-server").out()).isEqualTo("media-server: stopped (it was not running)\n");
    }

    @Test
    void stopKillsARoleThatIgnoresSigtermPastTheTimeoutAndSaysSo() throws IOException {
        launcher("#!/usr/bin/env bash\n"
                + "exec -a java bash -c 'trap \"\" TERM; while :; do sleep 0.2; done' stub io.switchboard.dist.SwitchboardCli \"$@\"\n");
        command = new ServiceCommand(paths, host, new SupervisedService(paths, host, Duration.ofSeconds(1), Duration.ofMillis(300)));
        long pid = started(run("start", "media-server"));
        CommandRun stop = run("stop", "media-server");
        assertThat(stop.exitCode()).isZero();
        assertThat(stop.out()).isEqualTo("media-server: stopped (killed with SIGKILL: still running 1 s after SIGTERM)\n");
        assertThat(SupervisedService.alive(pid)).isFalse();
    }

    @Test
    void restartStopsTheOldProcessAndStartsANewOne() {
        long first = started(run("start", "media-server"));
        CommandRun restart = run("restart", "media-server");
        assertThat(restart.exitCode()).isZero();
        Matcher m = Pattern.compile("media-server: restarted \\(pid (\\d+), supervised\\)").matcher(restart.out().strip());
        assertThat(m.matches()).as(restart.out()).isTrue();
        assertThat(Long.parseLong(m.group(1))).isNotEqualTo(first);
        assertThat(SupervisedService.alive(first)).isFalse();
    }

    @Test
    void aRoleThatExitsAtOnceFailsTheStartWithItsLastLogLine() throws IOException {
        launcher("#!/usr/bin/env bash\necho 'switchboard: media.port-min must be below media.port-max' >&2\nexit 2\n");
        CommandRun r = run("start", "media-server");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("media-server: start failed: exited at once with code 2: switchboard: media.port-min must be"
                + " below media.port-max (log /var/log/switchboard/media-server.log)\n");
        assertThat(paths.pidFile(Role.MEDIA_SERVER)).doesNotExist();
    }

    @Test
    void startWithoutAConfigFailsAndNamesTheFileAndTheInstallCommand() {
        CommandRun r = run("start", "ivr-server");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ivr-server: not started: /etc/switchboard/ivr-server.yaml is missing "
                + "(switchboard service install ivr-server --config FILE)\n");
    }

    @Test
    void anUnknownRoleExits2AndListsTheRoles() {
        CommandRun r = run("start", "pbx");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("switchboard service: unknown role 'pbx' "
                + "(one of: signaling, media-server, queue-server, meeting-server, ivr-server)\n");
    }

    @Test
    void uninstallStopsAndRemovesConfigLogAndPidFileButKeepsTheRecordings() throws IOException {
        long pid = started(run("start", "media-server"));
        Path recording = Files.createDirectories(paths.stateDir().resolve("data/recordings")).resolve("call.wav");
        Files.writeString(recording, "RIFF");
        CommandRun r = run("uninstall", "media-server");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("media-server: uninstalled (removed /etc/switchboard/media-server.yaml, "
                + "/var/log/switchboard/media-server.log; kept /var/lib/switchboard (data and recordings; --purge removes it))\n");
        assertThat(SupervisedService.alive(pid)).isFalse();
        assertThat(paths.config(Role.MEDIA_SERVER)).doesNotExist();
        assertThat(paths.log(Role.MEDIA_SERVER)).doesNotExist();
        assertThat(paths.pidFile(Role.MEDIA_SERVER)).doesNotExist();
        assertThat(recording).exists();
    }

    @Test
    void uninstallWithPurgeRemovesTheStateDirectoryRecordingsIncluded() throws IOException {
        started(run("start", "media-server"));
        Path recording = Files.createDirectories(paths.stateDir().resolve("data/recordings")).resolve("call.wav");
        Files.writeString(recording, "RIFF");
        CommandRun r = run("uninstall", "media-server", "--purge");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("media-server: uninstalled (removed /etc/switchboard/media-server.yaml, "
                + "/var/log/switchboard/media-server.log, /var/lib/switchboard (data and recordings))\n");
        assertThat(paths.stateDir()).doesNotExist();
    }

    @Test
    void purgeIsRefusedWhileAnotherRoleOfTheHostStillRuns() throws IOException {
        Files.writeString(root.resolve("q.yaml"), "queue: {}\n");
        run("install", "queue-server", "--config", root.resolve("q.yaml").toString());
        assertThat(run("start", "queue-server").exitCode()).isZero();
        CommandRun r = run("uninstall", "media-server", "--purge");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("media-server: not uninstalled: queue-server still runs on this host and keeps its data in "
                + "/var/lib/switchboard (uninstall it first, or uninstall without --purge)\n");
        assertThat(paths.stateDir()).isDirectory();
        assertThat(paths.config(Role.MEDIA_SERVER)).exists();
    }

    @Test
    void theRoleProcessIsJavaRunningSwitchboardCliWithThatRole() {
        List<String> real = List.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java", "-Xmx2g", "-cp", "/opt/switchboard/lib/*",
                "io.switchboard.dist.SwitchboardCli", "media-server", "--config", "/etc/switchboard/media-server.yaml");
        assertThat(SupervisedService.isRoleProcess(real, Role.MEDIA_SERVER)).isTrue();
        assertThat(SupervisedService.isRoleProcess(real, Role.SIGNALING)).isFalse();
        assertThat(SupervisedService.isRoleProcess(List.of("sleep", "io.switchboard.dist.SwitchboardCli", "media-server"),
                Role.MEDIA_SERVER)).isFalse();
        assertThat(SupervisedService.isRoleProcess(List.of(), Role.MEDIA_SERVER)).isFalse();
    }

    @Test
    void theServiceRootVariablePrefixesEveryPath() {
        ServicePaths p = ServicePaths.fromEnvironment(java.util.Map.of(ServicePaths.ROOT_VARIABLE, "/tmp/stage"));
        assertThat(p.launcher()).isEqualTo(Path.of("/tmp/stage/opt/switchboard/bin/switchboard"));
        assertThat(p.config(Role.SIGNALING)).isEqualTo(Path.of("/tmp/stage/etc/switchboard/signaling.yaml"));
        assertThat(p.pidFile(Role.IVR_SERVER)).isEqualTo(Path.of("/tmp/stage/var/lib/switchboard/run/ivr-server.pid"));
        assertThat(p.log(Role.QUEUE_SERVER)).isEqualTo(Path.of("/tmp/stage/var/log/switchboard/queue-server.log"));
        assertThat(ServicePaths.fromEnvironment(java.util.Map.of()).config(Role.MEETING_SERVER))
                .isEqualTo(Path.of("/etc/switchboard/meeting-server.yaml"));
    }
}
