package io.switchboard.loadtest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.dist.AdminClient;
import io.switchboard.dist.SwitchboardCli;
import io.switchboard.loadtest.LocalSignaling;
import io.switchboard.loadtest.Sipp;
import io.switchboard.loadtest.SippResult;
import io.switchboard.loadtest.SippTransport;
import io.switchboard.loadtest.UserCsv;
import io.switchboard.loadtest.lab.ServerLab;
import io.switchboard.signaling.SignalingServer;
import io.switchboard.signaling.directory.ImportReport;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * {@code switchboard loadtest upgrade}: a rolling upgrade of two media servers while they carry calls.
 *
 * <p>Two worker "servers" of the {@link ServerLab} (network namespaces with a real sshd each, on a bridge
 * the run makes), a signaling server in this JVM on the bridge, both media servers added to the inventory
 * and deployed with {@code extend run} (timed per host). SIPp on the bridge places calls of {@code --hold}
 * seconds at {@code --rate} per second, at most 2 × {@code --calls-per-server} at once, until both servers
 * carry about that many each; then {@code extend upgrade -s media-server-only} rolls through them (drain,
 * install, restart, wait Online, enable) while new calls keep coming. Dropped calls are those SIPp counts
 * failed plus those whose CDR says the media failed; the goal is 0. No RTP flows (signaling and relay
 * sessions only), so the two cores stay with the roles. Bounded in calls and time; traffic only on the bridge.
 */
final class UpgradeBenchmark {
    static final String NAME = "upgrade";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = LocalSignaling.ADMIN_PASSWORD;
    private static final Pattern UPGRADED = Pattern.compile("(\\S+) \\S+: upgraded to \\S+ in ([0-9.]+) s");

    private UpgradeBenchmark() {
    }

    static Map<String, String> defaults(Map<String, String> common) {
        Map<String, String> d = new LinkedHashMap<>(common);
        d.put("calls-per-server", "500");
        d.put("hold", "20");
        d.put("rate", "50");
        d.put("archive", "dist/target/switchboard-dist.tar.gz");
        return Map.copyOf(d);
    }

    static void run(RunContext c) throws Exception {
        int perServer = c.options.integer("calls-per-server");
        Duration hold = Duration.ofSeconds(c.options.integer("hold"));
        int rate = c.options.integer("rate");
        Path archive = Path.of(c.options.string("archive")).toAbsolutePath();
        if (!Files.isRegularFile(archive)) {
            throw new IllegalArgumentException("no distribution archive at " + archive
                    + " (build it: ./mvnw -B -q package -DskipTests -pl dist -am; or give --archive FILE)");
        }
        ServerLab.unavailable().ifPresent(why -> {
            throw new IllegalStateException("the upgrade benchmark needs the server lab: " + why);
        });
        c.report.parameters.put("upgrade.calls_per_server", perServer);
        c.report.parameters.put("upgrade.hold_seconds", hold.toSeconds());
        c.report.parameters.put("upgrade.rate", rate);
        try (ServerLab lab = ServerLab.start(c.work.resolve("lab"), 2)) {
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put("sip.address", ServerLab.HOST_ADDRESS);
            keys.put("http.address", ServerLab.HOST_ADDRESS);
            int clusterPort = 5801 + java.util.concurrent.ThreadLocalRandom.current().nextInt(100);
            keys.put("cluster.bind-address", ServerLab.HOST_ADDRESS);
            keys.put("cluster.port", Integer.toString(clusterPort));
            keys.put("cluster.members", ServerLab.HOST_ADDRESS + ":" + clusterPort);
            keys.put("node.private-address", ServerLab.HOST_ADDRESS);
            keys.put("sip.per-source-rate", "1000000");
            keys.put("sip.queue-capacity", "1000000");
            keys.put(LocalSignaling.LAB_INVENTORY, "false");
            SignalingServer server = LocalSignaling.start(c.work.resolve("signaling-data"), keys, c.log("signaling.log"));
            try {
                String api = "http://" + ServerLab.HOST_ADDRESS + ":" + server.httpPort();
                AdminClient admin = new AdminClient(URI.create(api + "/"), PASSWORD);
                List<String> names = List.of("media-server-1", "media-server-2");
                for (int i = 0; i < names.size(); i++) {
                    admin.postJson("api/servers", JSON.createObjectNode().put("name", names.get(i)).put("type", "media")
                            .put("privateAddress", ServerLab.ip(i + 1)).toString());
                    long t0 = System.nanoTime();
                    String out = extend(c, api, lab, archive, "run", "-s", "media-server-only", "-n", names.get(i), "-a", ServerLab.ip(i + 1));
                    double took = (System.nanoTime() - t0) / 1e9;
                    c.terminal.println(String.format(Locale.ROOT, "upgrade: extend run %s took %.1f s", names.get(i), took));
                    c.report.figure(NAME, "extend_run_s_" + (i + 1), took, "s", "extend run of " + names.get(i) + " (copy, install, start, Online)");
                    if (!out.contains("is Online")) {
                        throw new IllegalStateException("extend run of " + names.get(i) + " did not bring it Online:\n" + out);
                    }
                }
                Path callers = provision(server, c.work, 200);
                long total = (long) rate * (hold.toSeconds() * 6 + 60);
                int calleePort = Sipp.freeLocalPort(SippTransport.UDP);
                BenchSipp.Running callee = startCallee(server, c.work, calleePort, total, Duration.ofSeconds(total / rate + 300));
                BenchSipp.Running caller = BenchSipp.of("caller.xml", server.sipPort(), c.work.resolve("caller"))
                        .address(ServerLab.HOST_ADDRESS)
                        .args("-inf", callers.toString(), "-key", "callee", Long.toString(CallBench.CALLEE),
                                "-m", Long.toString(total), "-r", Integer.toString(rate), "-rp", "1000",
                                "-l", Integer.toString(2 * perServer), "-d", Long.toString(hold.toMillis()),
                                "-mi", ServerLab.HOST_ADDRESS, "-mp", Integer.toString(CallBench.CALLER_MEDIA_PORT))
                        .timeout(Duration.ofSeconds(total / rate + 240)).start();
                try {
                    int[] peak = awaitLoad(c, admin, names, perServer, Duration.ofSeconds(2L * perServer / rate + hold.toSeconds() + 60));
                    c.report.figure(NAME, "sessions_at_start_1", peak[0], "sessions", names.get(0) + "'s sessions when the upgrade began");
                    c.report.figure(NAME, "sessions_at_start_2", peak[1], "sessions", names.get(1) + "'s sessions when the upgrade began");
                    long t0 = System.nanoTime();
                    String out = extend(c, api, lab, archive, "upgrade", "-s", "media-server-only", "--drain-timeout", "10m");
                    double took = (System.nanoTime() - t0) / 1e9;
                    c.report.figure(NAME, "upgrade_total_s", took, "s", "extend upgrade of both media servers, one after the other");
                    Matcher m = UPGRADED.matcher(out);
                    int hosts = 0;
                    while (m.find()) {
                        hosts++;
                        c.report.figure(NAME, "upgrade_s_" + hosts, Double.parseDouble(m.group(2)), "s",
                                "extend upgrade of " + m.group(1) + " (drain to 0 sessions, install, restart, Online, enable)");
                    }
                    if (hosts != 2) {
                        throw new IllegalStateException("extend upgrade did not upgrade both servers:\n" + out);
                    }
                } finally {
                    SippResult calls = caller.await();
                    callee.destroy();
                    long mediaFailures = countCdrs(admin, "media-failure");
                    c.report.figure(NAME, "calls_completed", calls.successful(), "calls", "calls SIPp completed (INVITE to BYE 200)");
                    c.report.figure(NAME, "calls_failed", calls.failed(), "calls", "calls SIPp counted failed");
                    c.report.figure(NAME, "calls_media_failure", mediaFailures, "calls", "CDRs ended by media-failure (a relay lost mid-call)");
                    c.report.figure(NAME, "dropped_calls", calls.failed() + mediaFailures, "calls  (goal 0)",
                            "calls dropped during the rolling upgrade: SIPp failures plus media-failure CDRs");
                }
            } finally {
                server.close();
            }
        }
    }

    /** Runs {@code switchboard extend ...} in this JVM, as the operator's command line would; returns its output. */
    private static String extend(RunContext c, String api, ServerLab lab, Path archive, String... args) throws Exception {
        List<String> full = new ArrayList<>(List.of("extend"));
        full.addAll(List.of(args));
        full.addAll(List.of("--api", api, "--admin-password", PASSWORD, "--ssh-config", lab.sshConfig().toString(),
                "--archive", archive.toString()));
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new SwitchboardCli()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true))
                .execute(full.toArray(String[]::new));
        try (var log = c.log("extend-" + args[0])) {
            log.print(out);
        }
        if (exit != 0) {
            throw new IllegalStateException("extend " + String.join(" ", args) + " failed (exit " + exit + "):\n" + out);
        }
        return out.toString();
    }

    private static Path provision(SignalingServer server, Path dir, int callers) throws Exception {
        for (long[] block : new long[][] {{CallBench.FIRST_CALLER, callers}, {CallBench.CALLEE, 1}}) {
            Path csv = UserCsv.writeUsers(dir.resolve("users-" + block[0] + ".csv"), block[0], block[1]);
            try (InputStream in = Files.newInputStream(csv)) {
                ImportReport r = server.users().importCsv(in);
                if (r.failed() > 0) {
                    throw new IllegalStateException("import of " + csv + " failed: " + r.errors());
                }
            }
        }
        return UserCsv.writeInjection(dir.resolve("callers.csv"), CallBench.FIRST_CALLER, callers, UserCsv::password);
    }

    private static BenchSipp.Running startCallee(SignalingServer server, Path dir, int port, long calls, Duration timeout)
            throws Exception {
        SippResult reg = BenchSipp.of("register.xml", server.sipPort(), dir.resolve("callee-register")).address(ServerLab.HOST_ADDRESS)
                .args("-p", Integer.toString(port), "-m", "1",
                        "-inf", UserCsv.writeInjection(dir.resolve("callee.csv"), CallBench.CALLEE, 1, UserCsv::password).toString())
                .timeout(Duration.ofSeconds(20)).start().await();
        if (!reg.allSucceeded()) {
            throw new IllegalStateException("callee registration failed: " + reg.describe());
        }
        return BenchSipp.of("callee.xml", server.sipPort(), dir.resolve("callee")).address(ServerLab.HOST_ADDRESS)
                .args("-p", Integer.toString(port), "-m", Long.toString(calls),
                        "-mi", ServerLab.HOST_ADDRESS, "-mp", Integer.toString(CallBench.CALLEE_MEDIA_PORT))
                .timeout(timeout).start();
    }

    /** Waits until each media server carries at least 90 % of {@code perServer} sessions; returns what each had. */
    private static int[] awaitLoad(RunContext c, AdminClient admin, List<String> names, int perServer, Duration within)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        int[] now = new int[names.size()];
        while (true) {
            boolean loaded = true;
            for (int i = 0; i < names.size(); i++) {
                now[i] = JSON.readTree(admin.get("api/servers/" + names.get(i))).path("activeSessions").asInt();
                loaded &= now[i] >= perServer * 9 / 10;
            }
            if (loaded) {
                c.terminal.println("upgrade: load reached: " + names.get(0) + " " + now[0] + ", " + names.get(1) + " " + now[1]
                        + " sessions; upgrading");
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the media servers never reached " + perServer + " sessions each: " + now[0]
                        + ", " + now[1]);
            }
            Thread.sleep(500);
        }
    }

    /** CDRs ended by {@code endedBy}, over every page. */
    private static long countCdrs(AdminClient admin, String endedBy) throws Exception {
        long n = 0;
        for (int offset = 0; ; offset += 1000) {
            JsonNode page = JSON.readTree(admin.get("api/cdrs?limit=1000&offset=" + offset));
            for (JsonNode cdr : page.path("items")) {
                if (endedBy.equals(cdr.path("endedBy").asText())) {
                    n++;
                }
            }
            if (page.path("items").size() < 1000) {
                return n;
            }
        }
    }
}
