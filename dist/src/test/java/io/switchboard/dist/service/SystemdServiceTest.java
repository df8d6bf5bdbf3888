package io.switchboard.dist.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd mode against a recorded systemctl: which commands each service command runs, and its result line. */
class SystemdServiceTest {
    @TempDir
    Path root;
    ServicePaths paths;
    FakeHost host = new FakeHost();
    ServiceCommand command;
    String activeState = "inactive";

    @BeforeEach
    void shipTheUnits() throws IOException {
        paths = new ServicePaths(root);
        Files.createDirectories(paths.home().resolve("systemd"));
        for (Role role : Role.values()) {
            Files.copy(Path.of("src/main/systemd", role.unitName()), paths.shippedUnit(role));
        }
        host.answer = c -> {
            if (c.contains("is-active")) {
                return new Host.Result(activeState.equals("active") ? 0 : 3, c.contains("--quiet") ? "" : activeState + "\n");
            }
            if (c.contains("--property=MainPID")) {
                return new Host.Result(0, "4242\n");
            }
            return new Host.Result(0, "");
        };
        command = new ServiceCommand(paths, host, new SystemdService(paths, host));
    }

    private CommandRun run(String... args) {
        return CommandRun.of(command, args);
    }

    private void installMediaServer() throws IOException {
        Path config = Files.writeString(root.resolve("m.yaml"), "media: {}\n");
        assertThat(run("install", "media-server", "--config", config.toString()).exitCode()).isZero();
    }

    @Test
    void installCopiesTheUnitReloadsAndEnablesIt() throws IOException {
        Path config = Files.writeString(root.resolve("m.yaml"), "media: {}\n");
        CommandRun r = run("install", "media-server", "--config", config.toString());
        assertThat(r.out()).isEqualTo("media-server: installed (systemd unit switchboard-media-server.service enabled; "
                + "config /etc/switchboard/media-server.yaml)\n");
        assertThat(paths.installedUnit(Role.MEDIA_SERVER)).hasSameTextualContentAs(paths.shippedUnit(Role.MEDIA_SERVER));
        assertThat(host.commands).containsSubsequence(List.of("systemctl", "daemon-reload"),
                List.of("systemctl", "enable", "switchboard-media-server.service"));
    }

    @Test
    void installForAnotherUserWritesThatUserIntoTheUnit() throws IOException {
        assertThat(run("install", "signaling", "--user", "pbx").exitCode()).isZero();
        String unit = Files.readString(paths.installedUnit(Role.SIGNALING));
        assertThat(unit).contains("\nUser=pbx\n", "\nGroup=pbx\n").doesNotContain("User=switchboard");
    }

    @Test
    void startGoesThroughSystemctlAndReportsTheMainPid() throws IOException {
        installMediaServer();
        host.commands.clear();
        CommandRun r = run("start", "media-server");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("media-server: started (pid 4242, systemd)\n");
        assertThat(host.commands).contains(List.of("systemctl", "start", "switchboard-media-server.service"));
    }

    @Test
    void aFailedSystemctlStartIsOneLineWithTheJournalToRead() throws IOException {
        installMediaServer();
        host.answer = c -> c.contains("start") ? new Host.Result(1, "Job for switchboard-media-server.service failed.\nSee ...\n")
                : new Host.Result(3, "inactive\n");
        CommandRun r = run("start", "media-server");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("media-server: start failed: systemctl start switchboard-media-server.service exited 1: "
                + "Job for switchboard-media-server.service failed. (journalctl -u switchboard-media-server.service)\n");
    }

    @Test
    void statusIsRunningWhenTheUnitIsActiveAndExit3Otherwise() throws IOException {
        assertThat(run("status", "media-server").out()).isEqualTo("media-server: not running (not installed)\n");
        installMediaServer();
        CommandRun inactive = run("status", "media-server");
        assertThat(inactive.exitCode()).isEqualTo(3);
        assertThat(inactive.out()).isEqualTo("media-server: not running (inactive)\n");
        activeState = "active";
        CommandRun active = run("status", "media-server");
        assertThat(active.exitCode()).isZero();
        assertThat(active.out()).isEqualTo("media-server: running (pid 4242)\n");
    }

    @Test
    void uninstallStopsDisablesAndRemovesTheUnit() throws IOException {
        installMediaServer();
        activeState = "active";
        host.commands.clear();
        CommandRun r = run("uninstall", "media-server");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("media-server: uninstalled (removed systemd unit switchboard-media-server.service; "
                + "removed /etc/switchboard/media-server.yaml; kept /var/lib/switchboard");
        assertThat(host.commands).containsSubsequence(List.of("systemctl", "stop", "switchboard-media-server.service"),
                List.of("systemctl", "disable", "switchboard-media-server.service"), List.of("systemctl", "daemon-reload"));
        assertThat(paths.installedUnit(Role.MEDIA_SERVER)).doesNotExist();
    }
}
