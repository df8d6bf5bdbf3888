package io.switchboard.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.config.ConfigLoader;
import io.switchboard.signaling.SignalingServer;
import io.switchboard.signaling.SignalingSettings;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code switchboard trunk add|list|show|set|rm} and {@code switchboard user features} against a real signaling server (H2, Hazelcast, admin API over
 * HTTP). The registration trunk's provider is a local port nothing listens on, so its registration fails
 * harmlessly; all traffic stays on 127.0.0.1.
 */
class TelephonyCommandsTest {
    private static final String PASSWORD = "trunk-cli-admin-password";
    private SignalingServer server;
    private int providerPort;

    /** What one run of the CLI printed and returned. */
    private record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void start(@TempDir Path dataDir) throws Exception {
        int clusterPort = ThreadLocalRandom.current().nextInt(5960, 6000);
        Map<String, String> o = new HashMap<>();
        o.put("sip.address", "127.0.0.1");
        o.put("sip.port", "0");
        o.put("http.address", "127.0.0.1");
        o.put("http.port", "0");
        o.put("data-dir", dataDir.toString());
        o.put("cluster.name", "trunk-cli-" + UUID.randomUUID());
        o.put("cluster.port", Integer.toString(clusterPort));
        o.put("cluster.members", "127.0.0.1:" + clusterPort);
        o.put("admin.password", PASSWORD);
        o.put("sip.warmup-requests", "0");
        server = SignalingServer.start(SignalingSettings.from(new ConfigLoader(SignalingSettings.REFERENCE)
                .load(null, Map.of(), o)), "test", new PrintStream(OutputStream.nullOutputStream()));
        try (DatagramSocket free = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            providerPort = free.getLocalPort(); // closed again: nothing listens there
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--api", "http://127.0.0.1:" + server.httpPort(), "--admin-password", PASSWORD));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        PrintStream stdout = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cli = new CommandLine(new SwitchboardCli());
            cli.setExecutionExceptionHandler(new StartupErrors());
            cli.setErr(new PrintWriter(err, true));
            exit = cli.execute(all.toArray(String[]::new));
        } finally {
            System.setOut(stdout);
        }
        Run r = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
        System.out.println("$ switchboard " + String.join(" ", args) + "   (exit " + r.exit() + ")\n" + r.out() + r.err());
        return r;
    }

    @Test
    void addListShowSetRemoveAndRefusalsNamingTheField() {
        Run reg = cli("trunk", "add", "provider", "--kind", "registration", "--host", "127.0.0.1",
                "--port", Integer.toString(providerPort), "--username", "pbx01", "--password", "s3cret-provider",
                "--register-expires", "120");
        assertThat(reg.exit()).isZero();
        assertThat(reg.out()).startsWith("added registration trunk provider (127.0.0.1:" + providerPort + "/udp), ")
                .containsAnyOf("registering", "failed");

        Run ip = cli("trunk", "add", "carrier", "--kind", "ip", "--host", "127.0.0.5", "--transport", "tcp",
                "--address", "127.0.0.0/24,127.0.1.7", "--address", "127.0.2.9", "--max-channels", "60");
        assertThat(ip.exit()).isZero();
        assertThat(ip.out().trim())
                .isEqualTo("added ip trunk carrier (127.0.0.5:5060/tcp), from 127.0.0.0/24, 127.0.1.7, 127.0.2.9");

        Run refused = cli("trunk", "add", "nopass", "--kind", "registration", "--host", "127.0.0.1", "--username", "pbx02");
        if (System.getenv(TrunkCommand.PASSWORD_ENV) == null) {
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.out()).isEmpty();
            assertThat(refused.err()).startsWith("switchboard: ").contains("400").contains("password")
                    .contains("(field password)");
        }
        Run taken = cli("trunk", "add", "carrier", "--kind", "ip", "--host", "127.0.0.6", "--address", "127.0.0.6");
        assertThat(taken.exit()).isNotZero();
        assertThat(taken.err()).contains("409").contains("already exists").contains("(field name)");
        Run badAddress = cli("trunk", "add", "carrier2", "--kind", "ip", "--host", "127.0.0.6", "--address", "not-an-ip");
        assertThat(badAddress.exit()).isNotZero();
        assertThat(badAddress.err()).contains("(field addresses)");

        Run list = cli("trunk", "list");
        assertThat(list.exit()).isZero();
        String[] lines = list.out().split("\n");
        assertThat(lines[0]).startsWith("NAME").contains("KIND").contains("HOST").contains("TRANSPORT").contains("CHANNELS")
                .contains("STATE").contains("ANSWER");
        assertThat(list.out()).contains("(2 trunks)");
        String carrierRow = row(lines, "carrier");
        assertThat(carrierRow.split("\\s+")).containsExactly("carrier", "ip", "127.0.0.5:5060", "tcp", "60", "ip", "-");
        String providerRow = row(lines, "provider");
        assertThat(providerRow.split("\\s+")).startsWith("provider", "registration", "127.0.0.1:" + providerPort, "udp", "30");

        Run show = cli("trunk", "show", "provider");
        assertThat(show.exit()).isZero();
        assertThat(show.out()).startsWith("registration trunk provider: ")
                .containsPattern("host +127\\.0\\.0\\.1:" + providerPort)
                .containsPattern("username +pbx01")
                .containsPattern("password +\\*{8}\n")
                .containsPattern("register expires +120 s")
                .containsPattern("enabled +yes")
                .contains("  registration\n")
                .containsPattern("    state +(registering|failed)")
                .contains("next attempt").contains("failures")
                .doesNotContain("s3cret-provider").doesNotContain("null");
        Run showIp = cli("trunk", "show", "carrier");
        assertThat(showIp.out()).startsWith("ip trunk carrier: ip")
                .containsPattern("addresses +127\\.0\\.0\\.0/24, 127\\.0\\.1\\.7, 127\\.0\\.2\\.9")
                .containsPattern("password +-\n")
                .containsPattern("registration +none");

        Run set = cli("trunk", "set", "carrier", "--max-channels", "10", "--address", "127.0.3.0/24", "--disabled");
        assertThat(set.exit()).isZero();
        assertThat(set.out().trim()).isEqualTo("updated ip trunk carrier (127.0.0.5:5060/tcp), from 127.0.3.0/24, disabled");
        assertThat(cli("trunk", "show", "carrier").out()).containsPattern("max channels +10\n").containsPattern("enabled +no");
        Run setReg = cli("trunk", "set", "provider", "--register-expires", "300", "--transport", "tcp");
        assertThat(setReg.exit()).isZero();
        assertThat(setReg.out()).startsWith("updated registration trunk provider (127.0.0.1:" + providerPort + "/tcp), ");
        Run kept = cli("trunk", "show", "provider");
        assertThat(kept.out()).as("the password was kept: still set, still hidden")
                .containsPattern("password +\\*{8}\n").containsPattern("register expires +300 s");
        Run badSet = cli("trunk", "set", "provider", "--register-expires", "5");
        assertThat(badSet.exit()).isNotZero();
        assertThat(badSet.err()).contains("(field registerExpires)");
        Run setMissing = cli("trunk", "set", "nosuch", "--max-channels", "5");
        assertThat(setMissing.exit()).isNotZero();
        assertThat(setMissing.err()).contains("404").contains("nosuch");

        Run rm = cli("trunk", "rm", "carrier");
        assertThat(rm.exit()).isZero();
        assertThat(rm.out().trim()).isEqualTo("removed trunk carrier");
        Run again = cli("trunk", "rm", "carrier");
        assertThat(again.exit()).isNotZero();
        assertThat(again.err().trim()).isEqualTo("switchboard: no trunk carrier");
        Run showGone = cli("trunk", "show", "carrier");
        assertThat(showGone.exit()).isNotZero();
        assertThat(showGone.err().trim()).isEqualTo("switchboard: no trunk carrier");
        assertThat(cli("trunk", "rm", "provider").exit()).isZero();
        assertThat(cli("trunk", "list").out()).contains("(0 trunks)");
    }

    private static String row(String[] lines, String name) {
        for (String l : lines) {
            if (l.startsWith(name + " ")) {
                return l.trim();
            }
        }
        throw new AssertionError("no row for " + name + " in " + String.join("\n", lines));
    }

    @Test
    void aUsersCallFeaturesAreShownAndSetAndABadValueNamesItsField() {
        assertThat(cli("user", "add", "1002", "--password", "cedar-Lynx-52-harp").exit()).isZero();
        Run set = cli("user", "features", "1002", "--dnd", "on", "--forward-busy", "1003", "--forward-no-answer", "8000",
                "--no-answer-seconds", "15", "--caller-id", "+3222005555", "--withhold", "off");
        assertThat(set.exit()).isZero();
        assertThat(set.out()).startsWith("call features of 1002\n").containsPattern("do not disturb +on")
                .containsPattern("forward on busy +1003").containsPattern("forward on no answer +8000 after 15 s")
                .containsPattern("forward always +-").containsPattern("caller ID +\\+3222005555")
                .containsPattern("number withheld +no");
        Run off = cli("user", "features", "1002", "--forward-busy", "", "--dnd", "off");
        assertThat(off.out()).containsPattern("do not disturb +off").containsPattern("forward on busy +-");
        Run bad = cli("user", "features", "1002", "--no-answer-seconds", "2");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("(field noAnswerSeconds)");
        assertThat(cli("user", "features", "1002", "--dnd", "maybe").err()).contains("--dnd must be on or off");
    }
}
