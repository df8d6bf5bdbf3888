package io.switchboard.loadtest.lab;

import io.switchboard.dist.ha.KeepalivedConfig;
import io.switchboard.loadtest.LocalSignaling;
import io.switchboard.loadtest.bench.ChildJvm;
import io.switchboard.loadtest.bench.SignalingNodeMain;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The signaling HA pair in a lab: a bridge {@code sbh0} (10.78.0.1/24) and two network namespaces,
 * pbx01 (10.78.0.11) and pbx02 (10.78.0.12), each running what a real member runs: Debian's keepalived
 * with the configuration {@code ha keepalived-config} writes, the watchdog script, and a signaling JVM
 * bound to the virtual IP 10.78.0.100 (net.ipv4.ip_nonlocal_bind=1 in each namespace). Both JVMs use
 * one database, an H2 TCP server this lab runs on the bridge address. Traffic stays on the bridge.
 * Teardown stops what it started by PID, then deletes the namespaces and the bridge.
 */
public final class HaLab implements AutoCloseable {
    public static final String BRIDGE = "sbh0";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    public static final String HOST_ADDRESS = "10.78.0.1";
    public static final String VIRTUAL_ADDRESS = "10.78.0.100";
    public static final int SIP_PORT = 5060;
    public static final int HTTP_PORT = 8888;
    private static final int CLUSTER_PORT = 5801;
    private static final Duration START = Duration.ofSeconds(90);

    private final Path dir;
    private final Map<String, String> extraKeys;
    private final String clusterName = "ha-lab-" + UUID.randomUUID();
    private final ChildJvm[] signaling = new ChildJvm[3];
    private ChildJvm media;
    private final Process[] watchdogs = new Process[3];
    private final Process[] keepaliveds = new Process[3];
    private org.h2.tools.Server database;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HaLab(Path dir, Map<String, String> extraKeys) {
        this.dir = dir;
        this.extraKeys = extraKeys;
    }

    /** Why the lab cannot run here (not root, no keepalived, no ip netns), or empty. */
    public static Optional<String> unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("the HA lab needs root (network namespaces, keepalived)");
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/keepalived"))) {
            return Optional.of("keepalived is missing: apt-get install keepalived");
        }
        if (watchdogScript().isEmpty()) {
            return Optional.of("dist/src/main/bin/switchboard-ha-watchdog not found from " + Path.of("").toAbsolutePath());
        }
        ServerLab.Result r = ServerLab.exec(List.of("ip", "netns", "list"), Duration.ofSeconds(10));
        return r.exit() == 0 ? Optional.empty() : Optional.of("'ip netns' is unavailable: " + r.output().strip());
    }

    public static String ip(int member) {
        return "10.78.0." + (10 + member);
    }

    public static String namespace(int member) {
        return "sbh-pbx0" + member;
    }

    public static String name(int member) {
        return "pbx0" + member;
    }

    /** Builds the lab in {@code dir}, starts both members (pbx01 first, so it becomes active) and waits for both. */
    public static HaLab start(Path dir, Map<String, String> extraKeys) throws IOException {
        HaLab lab = new HaLab(dir, extraKeys);
        removeLeftovers();
        ServerLab.deleteTree(dir);
        Files.createDirectories(dir);
        try {
            lab.build();
            lab.startSignaling(1);
            lab.awaitActive(1, Duration.ofSeconds(20));
            lab.startSignaling(2);
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void build() throws IOException {
        LabNetwork.bridge(BRIDGE, HOST_ADDRESS);
        for (int m = 1; m <= 2; m++) {
            LabNetwork.namespace(namespace(m), "sbhv" + m, BRIDGE, ip(m));
            // The standby binds SIP to the virtual IP before it holds it.
            LabNetwork.must(List.of("ip", "netns", "exec", namespace(m), "sysctl", "-q", "-w", "net.ipv4.ip_nonlocal_bind=1"));
        }
        try {
            database = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-tcpAllowOthers", "-ifNotExists",
                    "-baseDir", dir.resolve("h2").toString());
            database.start();
        } catch (java.sql.SQLException e) {
            throw new IOException("the lab's H2 server did not start", e);
        }
        for (int m = 1; m <= 2; m++) {
            Path home = member(m);
            Files.createDirectories(home);
            watchdogs[m] = new ProcessBuilder("ip", "netns", "exec", namespace(m), "bash", watchdogScript().get().toString(),
                    "--pipe", home.resolve("health").toString(), "--track-file", home.resolve("track").toString(),
                    "--timeout", "0.3").redirectErrorStream(true).redirectOutput(home.resolve("watchdog.log").toFile()).start();
            KeepalivedConfig conf = new KeepalivedConfig(name(m), "eth0", VIRTUAL_ADDRESS + "/24", ip(m), ip(3 - m),
                    m == 1 ? 254 : 253, 51, home.resolve("track").toString());
            Path file = Files.writeString(home.resolve("keepalived.conf"), conf.render());
            keepaliveds[m] = new ProcessBuilder("ip", "netns", "exec", namespace(m), "/usr/sbin/keepalived", "--dont-fork",
                    "--log-console", "--log-detail", "--vrrp", "-f", file.toString(), "-p", home.resolve("keepalived.pid").toString(),
                    "-r", home.resolve("vrrp.pid").toString()).redirectErrorStream(true)
                    .redirectOutput(home.resolve("keepalived.log").toFile()).start();
        }
    }

    private Path member(int m) {
        return dir.resolve(name(m));
    }

    /** Starts (or starts again) member {@code m}'s signaling JVM in its namespace and waits until it serves. */
    public void startSignaling(int m) throws IOException {
        Map<String, String> keys = new HashMap<>();
        keys.put("data-dir", member(m).resolve("data").toString());
        keys.put("node.name", name(m));
        keys.put("node.private-address", ip(m));
        keys.put("cluster.name", clusterName);
        keys.put("cluster.bind-address", ip(m));
        keys.put("cluster.port", Integer.toString(CLUSTER_PORT));
        keys.put("cluster.members", ip(1) + ":" + CLUSTER_PORT + "," + ip(2) + ":" + CLUSTER_PORT);
        keys.put("sip.address", VIRTUAL_ADDRESS);
        keys.put("sip.advertised-address", VIRTUAL_ADDRESS);
        keys.put("sip.port", Integer.toString(SIP_PORT));
        keys.put("sip.warmup-requests", "2000");
        keys.put("http.address", ip(m));
        keys.put("http.port", Integer.toString(HTTP_PORT));
        keys.put("ha.virtual-address", VIRTUAL_ADDRESS);
        keys.put("ha.health-pipe", member(m).resolve("health").toString());
        keys.put("database.url", "jdbc:h2:tcp://" + HOST_ADDRESS + ":" + database.getPort() + "/ha;DB_CLOSE_DELAY=-1");
        keys.put(LocalSignaling.LAB_INVENTORY, "false");
        keys.putAll(extraKeys);
        List<String> jvm = new java.util.ArrayList<>(List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC",
                "-Xlog:gc,safepoint:file=" + member(m).resolve("jvm-" + System.nanoTime() + ".log") + ":time"));
        // More options for the members' JVMs when investigating (e.g. a JFR recording).
        String more = System.getenv("SWITCHBOARD_HA_LAB_JVM_OPTIONS");
        if (more != null && !more.isBlank()) {
            jvm.addAll(List.of(more.replace("{member}", name(m)).replace("{dir}", member(m).toString()).trim().split("\\s+")));
        }
        signaling[m] = ChildJvm.start(name(m), List.of("ip", "netns", "exec", namespace(m)), SignalingNodeMain.class,
                SignalingNodeMain.READY, keys, jvm, 0,
                member(m).resolve("signaling-" + System.nanoTime() + ".log"), START, Duration.ofSeconds(10));
    }

    /**
     * A media node for the pair's calls, on the bridge address in this namespace (phones and relay
     * both on 10.78.0.1), a lite member of the pair's cluster; add it to the inventory as {@code name}.
     */
    public void startMedia(String name, int portMin, int portMax) throws IOException {
        Map<String, String> keys = new HashMap<>();
        keys.put("lite-member", "true");
        keys.put("node.name", name);
        keys.put("node.private-address", HOST_ADDRESS);
        keys.put("cluster.name", clusterName);
        keys.put("cluster.bind-address", HOST_ADDRESS);
        keys.put("cluster.port", Integer.toString(CLUSTER_PORT));
        keys.put("cluster.members", ip(1) + ":" + CLUSTER_PORT + "," + ip(2) + ":" + CLUSTER_PORT);
        keys.put("media.ng-address", HOST_ADDRESS);
        keys.put("media.ng-port", "0");
        keys.put("media.rtp-address", HOST_ADDRESS);
        keys.put("media.port-min", Integer.toString(portMin));
        keys.put("media.port-max", Integer.toString(portMax));
        keys.put("media.http-address", HOST_ADDRESS);
        keys.put("media.http-port", "0");
        keys.put("media.event-loops", "1");
        keys.put("data-dir", dir.resolve(name).toString());
        keys.put("metrics.jvm", "false");
        media = ChildJvm.start(name, List.of(), io.switchboard.loadtest.bench.MediaNodeMain.class,
                io.switchboard.loadtest.bench.MediaNodeMain.READY, keys, List.of("-Xms128m", "-Xmx512m"), 0,
                dir.resolve(name + ".log"), START, Duration.ofSeconds(10));
    }

    /** {@code scenario} run by SIPp on the bridge address against the virtual IP, the relay expected on the bridge. */
    public static io.switchboard.loadtest.Sipp sipp(io.switchboard.loadtest.SippScenario scenario, Path workDir) {
        return io.switchboard.loadtest.Sipp.scenario(scenario, SIP_PORT, workDir).address(HOST_ADDRESS).remote(VIRTUAL_ADDRESS)
                .placeholder("relay-address", HOST_ADDRESS.replace(".", "\\."));
    }

    /**
     * Adds users {@code first}..{@code first + count - 1} (passwords from {@link io.switchboard.loadtest.UserCsv#password})
     * through member {@code m}'s admin API and registers them through the virtual IP with one SIPp run
     * from {@code localPort} (0: any); throws naming SIPp's outcome when a registration fails.
     */
    public void addAndRegister(int m, long first, int count, int localPort, Path workDir) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path csv = io.switchboard.loadtest.UserCsv.writeUsers(workDir.resolve("users-" + first + ".csv"), first, count);
        post(m, "/api/users/import", "text/csv", Files.readString(csv));
        Path inf = io.switchboard.loadtest.UserCsv.writeInjection(workDir.resolve("phones-" + first + ".csv"), first, count,
                io.switchboard.loadtest.UserCsv::password);
        io.switchboard.loadtest.Sipp run = sipp(io.switchboard.loadtest.SippScenario.REGISTER, workDir.resolve("register-" + first))
                .injection(inf).calls(count).rate(Math.min(count, 200), Duration.ofSeconds(1)).timeout(Duration.ofSeconds(120));
        if (localPort > 0) {
            run.localPort(localPort);
        }
        io.switchboard.loadtest.SippResult r = run.run();
        if (!r.allSucceeded()) {
            throw new IllegalStateException("registering " + count + " phones from " + first + " failed: " + r.describe());
        }
    }

    /**
     * {@code count} calls through the virtual IP, one a second per {@code count}, from users
     * {@code firstCaller}.. to {@code callee}, whose phone is a SIPp UAS on {@code calleePort} (registered
     * already) answering with an RTP echo. Each caller sends a PCMU tone for {@code hold} after the
     * answer, then hangs up. The relay is expected on this host at a port matching {@code relayPort}.
     */
    public static CallBatch startCalls(long firstCaller, int count, String callee, int calleePort, Duration hold,
                                       String relayPort, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Duration bound = hold.plus(Duration.ofSeconds(60));
        io.switchboard.loadtest.SippProcess answering = sipp(io.switchboard.loadtest.SippScenario.CALLEE_ANSWERS,
                workDir.resolve("callee")).localPort(calleePort).mediaPort(io.switchboard.loadtest.Sipp.freeMediaPortBlock())
                .rtpEcho().calls(count).key("callee", callee).placeholder("relay-port", relayPort)
                .recvTimeout(bound).timeout(bound.plus(Duration.ofSeconds(30))).start();
        io.switchboard.loadtest.Sipp callers = sipp(io.switchboard.loadtest.SippScenario.CALLER_HANGS_UP, workDir.resolve("caller"))
                .localPort(io.switchboard.loadtest.Sipp.freeLocalPort(io.switchboard.loadtest.SippTransport.UDP))
                .injection(io.switchboard.loadtest.UserCsv.writeInjection(workDir.resolve("callers.csv"), firstCaller, count,
                        io.switchboard.loadtest.UserCsv::password))
                .mediaPort(io.switchboard.loadtest.Sipp.freeMediaPortBlock()).calls(count).rate(count, Duration.ofSeconds(1))
                .pause(hold).key("callee", callee).placeholder("relay-port", relayPort)
                .recvTimeout(bound).timeout(bound.plus(Duration.ofSeconds(30)));
        io.switchboard.loadtest.Sipp.writePcmu(callers.workDir().resolve("rtp.ulaw"));
        return new CallBatch(callers.start(), answering);
    }

    /** The two SIPp processes of {@link #startCalls}. */
    public record CallBatch(io.switchboard.loadtest.SippProcess callers, io.switchboard.loadtest.SippProcess callee) {
        /** Waits for both to end: the callers' outcome, then the callee's. */
        public List<io.switchboard.loadtest.SippResult> await() {
            return List.of(callers.await(), callee.await());
        }

        /** Stops both now (a failed run must not leave SIPp behind). */
        public void destroy() {
            callers.destroy();
            callee.destroy();
        }
    }

    /** Member {@code m}'s {@code /api/health}. */
    public com.fasterxml.jackson.databind.JsonNode health(int m) throws IOException, InterruptedException {
        return JSON.readTree(get(m, "/api/health"));
    }

    /** How many members say they are unfit to be active (the cut-off side of a partition). */
    public int unfitMembers() throws IOException, InterruptedException {
        int n = 0;
        for (int m = 1; m <= 2; m++) {
            n += health(m).path("ha").path("fit").asBoolean(true) ? 0 : 1;
        }
        return n;
    }

    /** The member whose namespace holds the virtual IP now, or 0. */
    public int active() {
        for (int m = 1; m <= 2; m++) {
            ServerLab.Result r = ServerLab.exec(List.of("ip", "-n", namespace(m), "-4", "-o", "addr", "show", "dev", "eth0"),
                    Duration.ofSeconds(5));
            if (r.output().contains(" " + VIRTUAL_ADDRESS + "/")) {
                return m;
            }
        }
        return 0;
    }

    /** How many members hold the virtual IP now (2 is a split brain). */
    public int holders() {
        int n = 0;
        for (int m = 1; m <= 2; m++) {
            ServerLab.Result r = ServerLab.exec(List.of("ip", "-n", namespace(m), "-4", "-o", "addr", "show", "dev", "eth0"),
                    Duration.ofSeconds(5));
            n += r.output().contains(" " + VIRTUAL_ADDRESS + "/") ? 1 : 0;
        }
        return n;
    }

    public void awaitActive(int m, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (active() != m) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException(name(m) + " did not take the virtual IP within " + timeout + "; see " + dir);
            }
            sleep(50);
        }
    }

    /**
     * kill -9 of member {@code m}'s signaling JVM; returns System.nanoTime() once the signal is sent (a
     * request answered by the JVM in the microseconds before it must not count as served after it).
     */
    public long kill(int m) {
        ProcessHandle h = ProcessHandle.of(signaling[m].pid()).orElseThrow();
        h.destroyForcibly();
        long at = System.nanoTime();
        // How long the kernel took to tear the process down (its heap unmapped): CPU the survivor did not get.
        h.onExit().thenRun(() -> System.out.printf("HA lab: %s's JVM was gone %d ms after the kill%n", name(m),
                (System.nanoTime() - at) / 1_000_000));
        return at;
    }

    /**
     * SIGSTOP (frozen: the stand-in for a long GC pause) or SIGCONT of member {@code m}'s JVM; returns
     * System.nanoTime() once the signal was sent (the kill command's own start-up is not counted).
     */
    public long signal(int m, String signal) {
        ServerLab.Result r = ServerLab.exec(List.of("kill", "-" + signal, Long.toString(signaling[m].pid())), Duration.ofSeconds(5));
        if (r.exit() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + signaling[m].pid() + ": " + r.output());
        }
        return System.nanoTime();
    }

    /**
     * Cuts the pair's link and nothing else: each member's neighbour entry for the other points at a
     * MAC address nobody has (permanent, so no ARP answer replaces it), while both still reach this
     * host (the phones, the media node, the database). Neither hears the other's VRRP adverts nor its
     * Hazelcast heartbeats: both take the virtual IP until the cluster settles the partition. (A
     * blackhole route would not do: keepalived sends its adverts out of the interface, which skips it.)
     */
    public void partition() {
        for (int m = 1; m <= 2; m++) {
            LabNetwork.must(List.of("ip", "-n", namespace(m), "neigh", "replace", ip(3 - m), "lladdr", "02:00:5e:00:99:99",
                    "dev", "eth0", "nud", "permanent"));
        }
    }

    /** Joins the pair's link again (undoes {@link #partition()}). */
    public void heal() {
        for (int m = 1; m <= 2; m++) {
            LabNetwork.must(List.of("ip", "-n", namespace(m), "neigh", "del", ip(3 - m), "dev", "eth0"));
        }
    }

    /** Stops member {@code m}'s JVM (after a kill: reaps it) so it can be started again. */
    public void stopSignaling(int m) {
        if (signaling[m] != null) {
            signaling[m].close();
            signaling[m] = null;
        }
    }

    /** GET of member {@code m}'s admin API, by its own address (not the virtual IP). */
    public String get(int m, String path) throws IOException, InterruptedException {
        String auth = "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + LocalSignaling.ADMIN_PASSWORD)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + ip(m) + ":" + HTTP_PORT + path))
                .header("Authorization", auth).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " on " + name(m) + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** POST of a JSON or CSV body to member {@code m}'s admin API. */
    public String post(int m, String path, String contentType, String body) throws IOException, InterruptedException {
        String auth = "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + LocalSignaling.ADMIN_PASSWORD)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + ip(m) + ":" + HTTP_PORT + path))
                .header("Authorization", auth).header("Content-Type", contentType).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("POST " + path + " on " + name(m) + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        if (media != null) {
            media.close();
        }
        for (int m = 1; m <= 2; m++) {
            if (signaling[m] != null) {
                ProcessHandle.of(signaling[m].pid()).ifPresent(h -> ServerLab.exec(List.of("kill", "-CONT",
                        Long.toString(h.pid())), Duration.ofSeconds(5)));
            }
            stopSignaling(m);
        }
        for (Process[] ps : List.of(keepaliveds, watchdogs)) {
            for (int m = 1; m <= 2; m++) {
                stop(ps[m]);
            }
        }
        if (database != null) {
            database.stop();
        }
        removeLeftovers();
    }

    private static void stop(Process p) {
        if (p == null) {
            return;
        }
        p.destroy(); // SIGTERM to its PID: keepalived gives the address up, the watchdog exits
        try {
            if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeLeftovers() {
        for (int m = 1; m <= 2; m++) {
            ServerLab.exec(List.of("ip", "netns", "delete", namespace(m)), Duration.ofSeconds(10));
            // The kernel frees a deleted namespace (and so its veth pairs) asynchronously: a lab started
            // right after another must not find the old pair in the way.
            ServerLab.exec(List.of("ip", "link", "delete", "sbhv" + m), Duration.ofSeconds(10));
        }
        ServerLab.exec(List.of("ip", "link", "delete", BRIDGE), Duration.ofSeconds(10));
    }

    /** The watchdog script of the repository (the lab runs from a checkout, as the tests do). */
    static Optional<Path> watchdogScript() {
        for (Path base = Path.of("").toAbsolutePath(); base != null; base = base.getParent()) {
            Path p = base.resolve("dist/src/main/bin/switchboard-ha-watchdog");
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
