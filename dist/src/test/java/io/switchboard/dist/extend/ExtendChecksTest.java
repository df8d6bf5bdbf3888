package io.switchboard.dist.extend;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.dist.SwitchboardCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * extend's refusals against the inventory contract (a fake admin API on 127.0.0.1): each is one line, exit 1, and
 * no SSH connection at all (the ssh config points every host at a closed loopback port, so an attempt would say so).
 */
class ExtendChecksTest {
    @TempDir
    Path dir;
    FakeAdminApi api;
    Path sshConfig;
    Path archive;

    @BeforeEach
    void setUp() throws IOException {
        api = new FakeAdminApi();
        api.signalingNode("pbx01", "127.0.0.1");
        api.server("pbx01-media", "media", "127.0.0.1", true);
        api.server("media-server-1", "media", "127.0.0.21", false);
        api.server("queue-2", "queue", "127.0.0.22", false);
        sshConfig = dir.resolve("ssh_config");
        // Port 9 (discard) on loopback: nothing listens, so ssh fails at once with "Connection refused".
        Files.writeString(sshConfig, "Host *\n  Port 9\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n");
        archive = Files.writeString(dir.resolve("switchboard-dist.tar.gz"), "not used");
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    Run cli(String... args) {
        List<String> full = new ArrayList<>(List.of("extend"));
        full.addAll(List.of(args));
        full.addAll(List.of("--api", api.url(), "--admin-password", "x", "--ssh-config", sshConfig.toString(),
                "--archive", archive.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new SwitchboardCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(full.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aNameNotInTheInventoryIsRefused() {
        Run r = cli("run", "-s", "media-server-only", "-n", "media-server-9", "-a", "127.0.0.29");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("media-server-9 is not in the server inventory: add it first (Servers > Media Servers > Add in the portal,"
                + " or ./switchboard server add media-server-9 --type media --private-ip 127.0.0.29)");
        assertThat(r.out()).doesNotContain("checking the target");
    }

    @Test
    void aNameOfAnotherTypeIsRefused() {
        Run r = cli("run", "-s", "media-server-only", "-n", "queue-2", "-a", "127.0.0.22");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("queue-2 is a queue server in the inventory, not a media server");
    }

    @Test
    void anotherIpThanTheInventorysIsRefused() {
        Run r = cli("run", "-s", "media", "-n", "media-server-1", "-a", "127.0.0.99");
        assertThat(r.err()).contains("media-server-1 has private IP 127.0.0.21 in the inventory, not 127.0.0.99");
    }

    @Test
    void anIpCarryingAnotherRoleIsRefused() {
        api.server("media-server-1", "media", "127.0.0.22", false);
        Run r = cli("run", "-s", "media-server-only", "-n", "media-server-1", "-a", "127.0.0.22");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("IP 127.0.0.22 already carries queue-2 (queue): one role per machine");
    }

    @Test
    void onlyThePrimarySignalingHostRunsExtend() {
        api.signaling.clear();
        api.signalingNode("pbx01", "192.0.2.1");
        Run r = cli("run", "-s", "media-server-only", "-n", "media-server-1", "-a", "127.0.0.21");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("run extend on the primary signaling host (pbx01: 192.0.2.1); this host has none of its addresses");
    }

    @Test
    void anUnreachableHostStopsAtTheFirstStep() {
        Run r = cli("run", "-s", "media-server-only", "-n", "media-server-1", "-a", "127.0.0.21");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("[media-server-1 127.0.0.21] checking the target ... failed").doesNotContain("copying");
        assertThat(r.err()).contains("cannot reach 127.0.0.21 over SSH (").contains("ssh-copy-id root@127.0.0.21");
    }

    @Test
    void aMissingArchiveIsRefusedBeforeSsh() throws IOException {
        Files.delete(archive);
        Run r = cli("run", "-s", "media-server-only", "-n", "media-server-1", "-a", "127.0.0.21");
        assertThat(r.err()).contains("no distribution archive at " + archive);
        assertThat(r.out()).doesNotContain("checking the target");
    }

    @Test
    void hostCommandsSelectExtendedServersOnlyAndSayPerHostWhatHappened() {
        Run r = cli("stop");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("media-server-1 127.0.0.21: cannot reach 127.0.0.21 over SSH")
                .contains("queue-2 127.0.0.22: cannot reach").doesNotContain("pbx01-media");
        Run none = cli("stop", "-s", "ivr-server-only");
        assertThat(none.err()).contains("no extended server matches -s ivr-server-only");
        Run unknown = cli("stop", "-n", "nobody");
        assertThat(unknown.err()).contains("nobody is not in the server inventory");
        Run byIp = cli("restart", "-a", "127.0.0.22");
        assertThat(byIp.out()).contains("queue-2 127.0.0.22:").doesNotContain("media-server-1");
        assertThat(api.posts).isEmpty();
    }

    @Test
    void theGuidesMisspeltIvrTypeIsTaken() {
        api.server("ivr-1", "ivr", "127.0.0.23", false);
        Run r = cli("run", "-s", "vr-server-only", "-n", "ivr-1", "-a", "127.0.0.23");
        assertThat(r.out()).contains("[ivr-1 127.0.0.23] checking the target");
        Run bad = cli("run", "-s", "web-server-only", "-n", "ivr-1", "-a", "127.0.0.23");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown server type 'web-server-only'");
    }
}
