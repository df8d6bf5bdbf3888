package io.switchboard.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.common.config.ConfigLoader;
import io.switchboard.dist.AdminClient;
import io.switchboard.loadtest.lab.ServerLab;
import io.switchboard.dist.SwitchboardCli;
import io.switchboard.signaling.SignalingServer;
import io.switchboard.signaling.SignalingSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code switchboard extend} end to end against real machines as far as one host allows: a signaling server in this
 * JVM on the lab's bridge (10.77.0.1) and three "servers" of the {@link ServerLab} (network namespaces with a real
 * sshd, their own /opt, /etc/switchboard, /var/lib and /var/log switchboard). The CLI runs in this JVM through picocli,
 * as the operator's {@code ./switchboard extend ...} would, copying dist's target/switchboard-dist.tar.gz (built by
 * dist's package phase, before this module's tests). SIPp phones on the bridge place calls through the extended media
 * servers, also while they are upgraded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtendLabTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "extend-lab-admin-password";
    static final String MEDIA = "media-server-1";
    static final String IVR = "ivr-server-1";
    static final String MEDIA2 = "media-server-2";
    static final Path DIST = Path.of("../dist/target").toAbsolutePath().normalize();
    static final Path ARCHIVE = DIST.resolve("switchboard-dist.tar.gz");
    static final String CALLER = "1001";
    /** The relay's address in the SDP the phones get: one of the extended media servers. */
    static final String RELAY_ADDRESS = "10\\.77\\.0\\.1[0-9]";
    static final String RELAY_PORT = "[0-9]{4,5}";

    ServerLab lab;
    SignalingServer signaling;
    AdminClient api;
    String apiUrl;
    final List<String> figures = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        var missing = ServerLab.unavailable();
        if (missing.isPresent()) {
            if ("1".equals(System.getenv("SWITCHBOARD_TEST_REQUIRE_TOOLS"))) {
                throw new IllegalStateException("SWITCHBOARD_TEST_REQUIRE_TOOLS=1 but " + missing.get());
            }
            Assumptions.abort("extend's server lab skipped: " + missing.get());
        }
        assertThat(ARCHIVE).as("the distribution archive (built by package, before this failsafe test)").isRegularFile();
        lab = ServerLab.start(Path.of("target/extend-lab").toAbsolutePath(), 3);
        int clusterPort = 5801 + ThreadLocalRandom.current().nextInt(100);
        Map<String, String> keys = new HashMap<>();
        keys.put("sip.address", ServerLab.HOST_ADDRESS);
        keys.put("sip.port", "0");
        keys.put("sip.warmup-requests", "0");
        keys.put("http.address", ServerLab.HOST_ADDRESS);
        keys.put("http.port", "0");
        keys.put("data-dir", Files.createDirectories(Path.of("target/extend-lab-signaling").toAbsolutePath()).toString());
        keys.put("node.name", "pbx01");
        keys.put("node.private-address", ServerLab.HOST_ADDRESS);
        keys.put("cluster.name", "extend-lab-" + UUID.randomUUID());
        keys.put("cluster.bind-address", ServerLab.HOST_ADDRESS);
        keys.put("cluster.port", Integer.toString(clusterPort));
        keys.put("cluster.members", ServerLab.HOST_ADDRESS + ":" + clusterPort);
        keys.put("admin.password", PASSWORD);
        keys.put("metrics.jvm", "false");
        ServerLab.deleteTree(Path.of(keys.get("data-dir")));
        signaling = SignalingServer.start(SignalingSettings.from(new ConfigLoader(SignalingSettings.REFERENCE).load(null, Map.of(), keys)),
                "lab", new PrintStream(PrintStream.nullOutputStream()));
        apiUrl = "http://" + ServerLab.HOST_ADDRESS + ":" + signaling.httpPort();
        api = new AdminClient(URI.create(apiUrl + "/"), PASSWORD);
        addServer(MEDIA, "media", ServerLab.ip(1));
        addServer(IVR, "ivr", ServerLab.ip(2));
        addServer(MEDIA2, "media", ServerLab.ip(3));
        for (long ext = 1001; ext <= 1006; ext++) {
            api.postJson("api/users", JSON.createObjectNode().put("extension", Long.toString(ext))
                    .put("password", UserCsv.password(ext)).toString());
        }
        sippDir = Files.createDirectories(Path.of("target/extend-lab-sipp").toAbsolutePath());
    }

    Path sippDir;

    /** Registers {@code ext} from SIPp on the bridge; returns the port its UAS then answers on. */
    int register(String ext) {
        int port = Sipp.freeLocalPort(SippTransport.UDP);
        Path inf = UserCsv.writeInjection(sippDir.resolve("inf-" + ext + ".csv"), Long.parseLong(ext), 1, UserCsv::password);
        SippResult r = Sipp.scenario(SippScenario.REGISTER, signaling.sipPort(), sippDir.resolve("register-" + ext))
                .address(ServerLab.HOST_ADDRESS).injection(inf).localPort(port).timeout(Duration.ofSeconds(20)).run();
        assertThat(r.allSucceeded()).as(r.describe()).isTrue();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> signaling.location().lookup(ext).contacts().size() == 1);
        return port;
    }

    /** A callee that answers and echoes RTP, and a caller that streams PCMU for {@code talk}, then hangs up. */
    SippProcess[] call(String callee, Duration talk, String name) {
        int port = register(callee);
        SippProcess answering = Sipp.scenario(SippScenario.CALLEE_ANSWERS, signaling.sipPort(), sippDir.resolve(name + "-callee"))
                .address(ServerLab.HOST_ADDRESS).localPort(port).mediaPort(Sipp.freeMediaPortBlock()).rtpEcho()
                .key("callee", callee).placeholder("relay-port", RELAY_PORT).placeholder("relay-address", RELAY_ADDRESS)
                .recvTimeout(talk.plusSeconds(15)).timeout(talk.plusSeconds(40)).start();
        SippRuns.awaitBound(ServerLab.HOST_ADDRESS, port);
        Path inf = sippDir.resolve("inf-caller.csv");
        if (!Files.exists(inf)) {
            UserCsv.writeInjection(inf, Long.parseLong(CALLER), 1, UserCsv::password);
        }
        Sipp caller = Sipp.scenario(SippScenario.CALLER_HANGS_UP, signaling.sipPort(), sippDir.resolve(name + "-caller"))
                .address(ServerLab.HOST_ADDRESS).injection(inf).localPort(Sipp.freeLocalPort(SippTransport.UDP))
                .mediaPort(Sipp.freeMediaPortBlock()).key("callee", callee).placeholder("relay-port", RELAY_PORT)
                .placeholder("relay-address", RELAY_ADDRESS).pause(talk)
                .recvTimeout(Duration.ofSeconds(15)).timeout(talk.plusSeconds(40));
        Sipp.writePcmu(caller.workDir().resolve("rtp.ulaw"));
        return new SippProcess[] {caller.start(), answering};
    }

    /** The CDR of the call to {@code callee}, once written. */
    JsonNode cdr(String callee) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode c : JSON.readTree(api.get("api/cdrs?limit=100")).path("items")) {
                if (c.path("callee").asText().equals(callee)) {
                    return c;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no CDR for the call to " + callee);
    }

    /** The media node of the answered call to {@code callee}, once it is answered. */
    String mediaNodeOf(String callee) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode c : JSON.readTree(api.get("api/calls")).path("items")) {
                if (c.path("callee").asText().equals(callee) && c.path("state").asText().equals("ANSWERED")) {
                    return c.path("mediaNode").asText();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the call to " + callee + " was not answered");
    }

    static void succeeded(SippProcess[] call) {
        for (SippProcess p : call) {
            SippResult r = p.await();
            assertThat(r.allSucceeded()).as(r.describe()).isTrue();
        }
    }

    @AfterAll
    void stop() {
        if (lab != null) {
            lab.close();
        }
        if (signaling != null) {
            signaling.close();
        }
        figures.forEach(System.out::println);
    }

    void addServer(String name, String type, String ip) {
        api.postJson("api/servers", JSON.createObjectNode().put("name", name).put("type", type).put("privateAddress", ip).toString());
    }

    record Run(int exit, String out, String err, Duration took) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    Run extend(String... args) {
        List<String> full = new ArrayList<>(List.of("extend"));
        full.addAll(List.of(args));
        full.addAll(List.of("--api", apiUrl, "--admin-password", PASSWORD, "--ssh-config", lab.sshConfig().toString(),
                "--archive", ARCHIVE.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long t0 = System.nanoTime();
        int exit = new CommandLine(new SwitchboardCli()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(full.toArray(String[]::new));
        Run r = new Run(exit, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - t0));
        System.out.println("$ switchboard " + String.join(" ", full.subList(0, full.size() - 8)) + "\n" + r);
        return r;
    }

    JsonNode server(String name) throws IOException {
        return JSON.readTree(api.get("api/servers/" + name));
    }

    long startedAt(String name) throws IOException {
        for (JsonNode n : JSON.readTree(api.get("api/nodes")).path("items")) {
            if (n.path("name").asText().equals(name) && n.path("online").asBoolean()) {
                return n.path("startedAt").asLong();
            }
        }
        return 0;
    }

    String awaitStatus(String name, String status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last;
        do {
            last = server(name).path("status").asText();
            if (last.equals(status)) {
                return last;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return last;
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir)).toList();
        }
    }

    void figure(String what, Duration took) {
        String line = String.format(Locale.ROOT, "BENCHMARK extend %-34s %6.1f s", what, took.toMillis() / 1000.0);
        figures.add(line);
        System.out.println(line);
    }

    @Test
    @Order(1)
    @Timeout(120)
    void refusalsAndAnUnreachableHostLeaveEveryHostAsItWas() throws Exception {
        Run unknown = extend("run", "-s", "media-server-only", "-n", "media-server-7", "-a", ServerLab.ip(1));
        assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(1);
        assertThat(unknown.err()).contains("media-server-7 is not in the server inventory: add it first (Servers > Media Servers > Add");

        Run wrongType = extend("run", "-s", "media-server-only", "-n", IVR, "-a", ServerLab.ip(2));
        assertThat(wrongType.err()).as(wrongType.toString()).contains(IVR + " is an IVR server in the inventory, not a media server");

        Run taken = extend("run", "-s", "vr-server-only", "-n", IVR, "-a", ServerLab.ip(1));
        assertThat(taken.err()).as(taken.toString()).contains("IP " + ServerLab.ip(1) + " already carries " + MEDIA + " (media): one role per machine");

        // Not the primary: the same CLI from inside server 2's namespace, which has none of signaling's addresses.
        String cp = DIST.resolve("switchboard.jar") + ":" + DIST.resolve("lib") + "/*";
        ServerLab.Result elsewhere = ServerLab.inNamespace(2, List.of("java", "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", cp,
                "io.switchboard.dist.SwitchboardCli", "extend", "run", "-s", "media-server-only", "-n", MEDIA, "-a", ServerLab.ip(1),
                "--api", apiUrl, "--admin-password", PASSWORD, "--ssh-config", lab.sshConfig().toString(), "--archive", ARCHIVE.toString()),
                Duration.ofSeconds(60));
        System.out.println("$ ip netns exec sbx-s2 switchboard extend run ... -> " + elsewhere);
        assertThat(elsewhere.exit()).as(elsewhere.output()).isEqualTo(1);
        assertThat(elsewhere.output()).contains("run extend on the primary signaling host (pbx01: " + ServerLab.HOST_ADDRESS
                + "); this host has none of its addresses");

        addServer("media-server-9", "media", "10.77.0.99");
        Run unreachable = extend("run", "-s", "media-server-only", "-n", "media-server-9", "-a", "10.77.0.99");
        assertThat(unreachable.exit()).as(unreachable.toString()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot reach 10.77.0.99 over SSH (").contains("ssh-copy-id root@10.77.0.99");
        assertThat(unreachable.out()).contains("checking the target ... failed").doesNotContain("copying");
        api.delete("api/servers/media-server-9");

        for (int i = 1; i <= 3; i++) {
            assertThat(files(lab.opt(i))).as("server %d's /opt", i).isEmpty();
            assertThat(files(lab.etc(i))).as("server %d's /etc/switchboard", i).isEmpty();
            assertThat(files(lab.var(i))).as("server %d's /var/lib/switchboard", i).isEmpty();
        }
    }

    @Test
    @Order(2)
    @Timeout(300)
    void runBringsAMediaAndAnIvrServerOnline() throws Exception {
        Run media = extend("run", "-s", "media-server-only", "-n", MEDIA, "-a", ServerLab.ip(1));
        assertThat(media.exit()).as(media.toString()).isZero();
        assertThat(media.out()).contains("[" + MEDIA + " " + ServerLab.ip(1) + "] checking the target ... ok")
                .contains(MEDIA + " (" + ServerLab.ip(1) + ") is Online");
        figure("run media-server-only (first install)", media.took());
        assertThat(server(MEDIA).path("status").asText()).isEqualTo("online");
        assertThat(lab.opt(1).resolve("switchboard/bin/switchboard")).isExecutable();
        assertThat(Files.readString(lab.etc(1).resolve("media-server.yaml"))).contains("name: \"" + MEDIA + "\"")
                .contains("members: \"" + ServerLab.HOST_ADDRESS + ":");

        Run ivr = extend("run", "-s", "vr-server-only", "-n", IVR, "-a", ServerLab.ip(2));
        assertThat(ivr.exit()).as(ivr.toString()).isZero();
        assertThat(ivr.out()).contains(IVR + " (" + ServerLab.ip(2) + ") is Online");
        figure("run ivr-server-only (first install)", ivr.took());
        assertThat(server(IVR).path("status").asText()).isEqualTo("online");
        assertThat(lab.opt(1).resolve("switchboard.new")).doesNotExist();

        Run media2 = extend("run", "-s", "media-server-only", "-n", MEDIA2, "-a", ServerLab.ip(3));
        assertThat(media2.exit()).as(media2.toString()).isZero();
        figure("run media-server-only (second host)", media2.took());
        assertThat(server(MEDIA2).path("status").asText()).isEqualTo("online");

        // A SIPp call uses an extended media server: RTP both ways through the relay in its namespace.
        SippProcess[] call = call("1002", Duration.ofSeconds(2), "first-call");
        succeeded(call);
        JsonNode cdr = cdr("1002");
        assertThat(cdr.path("mediaNode").asText()).isIn(MEDIA, MEDIA2);
        assertThat(cdr.path("disposition").asText()).isEqualTo("ANSWERED");
    }

    @Test
    @Order(3)
    @Timeout(240)
    void stopThenStartByIpAndARerunIsIdempotent() throws Exception {
        Run stop = extend("stop", "-a", ServerLab.ip(1));
        assertThat(stop.exit()).as(stop.toString()).isZero();
        assertThat(stop.out()).contains(MEDIA + " " + ServerLab.ip(1) + ": stopped").doesNotContain(IVR);
        assertThat(awaitStatus(MEDIA, "offline", Duration.ofSeconds(30))).isEqualTo("offline");
        assertThat(server(IVR).path("status").asText()).isEqualTo("online");
        // New calls go to the server still running.
        SippProcess[] call = call("1003", Duration.ofSeconds(1), "while-stopped");
        succeeded(call);
        assertThat(cdr("1003").path("mediaNode").asText()).isEqualTo(MEDIA2);

        Run start = extend("start", "-a", ServerLab.ip(1));
        assertThat(start.exit()).as(start.toString()).isZero();
        assertThat(start.out()).contains(MEDIA + " " + ServerLab.ip(1) + ": started, Online after");
        assertThat(server(MEDIA).path("status").asText()).isEqualTo("online");
        figure("start media-server-only", start.took());

        // A rerun is idempotent: the same steps over the installed server, which is restarted and Online again.
        long before = startedAt(IVR);
        Run rerun = extend("run", "-s", "ivr-server-only", "-n", IVR, "-a", ServerLab.ip(2));
        assertThat(rerun.exit()).as(rerun.toString()).isZero();
        assertThat(rerun.out()).contains("installed before").contains("(re)starting ivr-server").contains(IVR + " (" + ServerLab.ip(2) + ") is Online");
        assertThat(startedAt(IVR)).isGreaterThan(before);
        figure("run ivr-server-only (rerun)", rerun.took());
    }

    @Test
    @Order(4)
    @Timeout(300)
    void rollingUpgradeOfBothMediaServersDropsNoCall() throws Exception {
        long before1 = startedAt(MEDIA);
        long before2 = startedAt(MEDIA2);
        // A call up on each media server (the least loaded takes the next call).
        SippProcess[] first = call("1004", Duration.ofSeconds(12), "upgrade-a");
        String firstNode = mediaNodeOf("1004");
        SippProcess[] second = call("1005", Duration.ofSeconds(12), "upgrade-b");
        String secondNode = mediaNodeOf("1005");
        assertThat(List.of(firstNode, secondNode)).containsExactlyInAnyOrder(MEDIA, MEDIA2);

        java.util.concurrent.CompletableFuture<Run> upgrade = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> extend("upgrade", "-s", "media-server-only", "--drain-timeout", "120s"));
        // While the first host drains, a new call goes to the other one.
        assertThat(awaitStatus(MEDIA, "disabled", Duration.ofSeconds(30))).isEqualTo("disabled");
        SippProcess[] during = call("1006", Duration.ofSeconds(1), "upgrade-new");
        succeeded(during);
        assertThat(cdr("1006").path("mediaNode").asText()).as("a new call avoids the draining server").isEqualTo(MEDIA2);

        Run done = upgrade.get(240, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(done.exit()).as(done.toString()).isZero();
        assertThat(done.out()).contains("[" + MEDIA + " " + ServerLab.ip(1) + "] draining")
                .contains(MEDIA + " " + ServerLab.ip(1) + ": upgraded to ").contains(MEDIA2 + " " + ServerLab.ip(3) + ": upgraded to ")
                .doesNotContain(IVR);
        succeeded(first);
        succeeded(second);
        int dropped = 0;
        for (String callee : List.of("1004", "1005", "1006")) {
            JsonNode c = cdr(callee);
            if (!c.path("disposition").asText().equals("ANSWERED") || !c.path("endedBy").asText().equals("caller")) {
                dropped++;
            }
        }
        assertThat(dropped).as("calls ended other than by their caller hanging up").isZero();
        for (String name : List.of(MEDIA, MEDIA2)) {
            JsonNode after = server(name);
            assertThat(after.path("status").asText()).isEqualTo("online");
            assertThat(after.path("enabled").asBoolean()).isTrue();
        }
        assertThat(startedAt(MEDIA)).as("a new process").isGreaterThan(before1);
        assertThat(startedAt(MEDIA2)).as("a new process").isGreaterThan(before2);
        figure("upgrade media-server-only (2 hosts, a call on each)", done.took());
        figures.add(String.format(Locale.ROOT, "BENCHMARK extend upgrade dropped calls: %d of 3", dropped));
    }

    @Test
    @Order(5)
    @Timeout(240)
    void rmLeavesNoServiceNoPidFileAndNoFiles() throws Exception {
        Run rm = extend("rm", "-n", MEDIA);
        assertThat(rm.exit()).as(rm.toString()).isZero();
        assertThat(rm.out()).contains(MEDIA + " " + ServerLab.ip(1) + ": removed").contains("disabled in the inventory");
        assertThat(files(lab.opt(1))).isEmpty();
        assertThat(files(lab.etc(1))).isEmpty();
        assertThat(lab.var(1).resolve("run/media-server.pid")).doesNotExist();
        assertThat(server(MEDIA).path("enabled").asBoolean()).isFalse();
        assertThat(ServerLab.pids(1)).as("only sshd is left in server 1").hasSize(1);
        Run status = extend("start", "-n", MEDIA);
        assertThat(status.out()).contains("not installed");

        Run rm2 = extend("rm", "-n", MEDIA2);
        assertThat(rm2.exit()).as(rm2.toString()).isZero();
        assertThat(files(lab.opt(3))).isEmpty();

        Run rmIvr = extend("rm", "-s", "ivr-server-only");
        assertThat(rmIvr.exit()).as(rmIvr.toString()).isZero();
        assertThat(files(lab.opt(2))).isEmpty();
        assertThat(files(lab.etc(2))).isEmpty();
    }
}
