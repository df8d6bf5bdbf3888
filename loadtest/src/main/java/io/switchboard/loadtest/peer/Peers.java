package io.switchboard.loadtest.peer;

import io.switchboard.common.ng.NgClient;
import io.switchboard.loadtest.bench.NgSessions;
import io.switchboard.loadtest.Scratch;
import io.switchboard.loadtest.Sipp;
import io.switchboard.loadtest.SippResult;
import io.switchboard.loadtest.SippScenario;
import io.switchboard.loadtest.SippStatistics;
import io.switchboard.loadtest.SippTransport;
import io.switchboard.loadtest.UserCsv;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The peers Switchboard is compared with, run on this machine in the same sitting: Kamailio as a
 * registrar and as a stateful proxy, rtpengine as a userspace RTP relay (docs/ARCHITECTURE.md, "SIP transport
 * and RTP relay: measured"). Each method starts its peer in the foreground as a child of this JVM,
 * on 127.0.0.1 only (Kamailio SIP {@value #KAMAILIO_PORT}, rtpengine ng {@value #RTPENGINE_NG_PORT}
 * and RTP 50000-59999: none of Switchboard's defaults), with its config from {@code loadtest/peers/}
 * and a temporary run directory; waits until it answers (SIP OPTIONS / ng ping); drives the same load
 * the Switchboard benchmarks drive; stops the peer by its PID (SIGTERM, SIGKILL after a grace) and
 * returns the figures under the names the Switchboard benchmarks use.
 *
 * <p>The config directory is the system property {@code switchboard.peers.dir}, else the first of
 * {@code peers/} or {@code loadtest/peers/} found in the working directory or one of its parents.
 */
public final class Peers {
    /** Kamailio's SIP port on 127.0.0.1 ({@code listen=} of both Kamailio configs). */
    public static final int KAMAILIO_PORT = 5160;
    /** rtpengine's ng control port on 127.0.0.1 ({@code listen-ng} of rtpengine.conf). */
    public static final int RTPENGINE_NG_PORT = 22230;
    /** Sessions rtpengine.conf's port range holds (10,000 ports, 4 per two-leg session, minus a margin). */
    public static final int RTPENGINE_MAX_SESSIONS = 2400;
    /** Realm of the registrar's challenges and of the HA1 in its subscriber table. */
    static final String REALM = "switchboard";
    static final long FIRST_EXTENSION = 100_000;
    /** Like RegisterBenchmark's defaults: new registrations per second per SIPp, and outstanding at most. */
    private static final int REGISTER_RATE = 3000;
    private static final int REGISTER_LIMIT = 200;
    private static final Duration START_WITHIN = Duration.ofSeconds(15);
    private static final double MAX_FAILED_PCT = 0.1;
    private static final double MAX_LOSS_PCT = 0.1;
    private static final double MAX_P99_MS = 20;

    private Peers() {
    }

    public static boolean kamailioInstalled() {
        return kamailioBinary().isPresent();
    }

    public static boolean rtpengineInstalled() {
        return rtpengineBinary().isPresent();
    }

    /**
     * Registration storm against Kamailio 5.6 as a registrar (loadtest/peers/kamailio-registrar.cfg):
     * {@code users} distinct extensions from 100000, each with its HA1 (as Switchboard stores HA1
     * hashes) in a shared-memory hash table that Kamailio's htable module loads at start-up from a
     * db_text table written for the run, checked with auth's pv_www_authenticate (the config explains
     * why not auth_db over db_text), registered with digest authentication
     * (REGISTER, 401, REGISTER with credentials, 200) by {@code sippProcesses} SIPp processes at once,
     * each with its share of the users, its CSV and its own port, exactly as RegisterBenchmark does
     * (same scenario, 3000/s and at most 200 outstanding per SIPp). The storm is bounded by {@code limit}.
     * Figures: registrations_per_s, time_to_register_ms, failed (failed + never attempted),
     * cpu_us_per_registration (Kamailio's main process and workers, /proc, over the storm, per
     * successful registration), successful, retransmissions. Series "rate" and "failures" per second.
     */
    public static PeerResult kamailioRegister(int users, int sippProcesses, Duration limit) throws Exception {
        requireSipp();
        if (users <= 0 || sippProcesses <= 0) {
            throw new IllegalArgumentException("users and sippProcesses must be positive");
        }
        String version = kamailioVersion();
        try (Scratch work = Scratch.create("switchboard-peer-kamailio-register", keep())) {
            Path db = writeUsers(work.resolve("db"), users);
            try (PeerProcess kamailio = startKamailio("kamailio-registrar.cfg", work.resolve("run"),
                    List.of("-A", "DBURL=\"text://" + db.toAbsolutePath() + "\""))) {
                List<Sipp> runs = new ArrayList<>();
                int share = (users + sippProcesses - 1) / sippProcesses;
                for (int i = 0; i < sippProcesses; i++) {
                    long first = FIRST_EXTENSION + (long) i * share;
                    int count = (int) Math.min(share, FIRST_EXTENSION + users - first);
                    if (count <= 0) {
                        break;
                    }
                    runs.add(Sipp.scenario(SippScenario.REGISTER, KAMAILIO_PORT, work.resolve("sipp-" + i))
                            .injection(UserCsv.writeInjection(work.resolve("inf-" + i + ".csv"), first, count,
                                    UserCsv::password))
                            .localPort(Sipp.freeLocalPort(SippTransport.UDP))
                            .calls(count)
                            .rate(REGISTER_RATE, Duration.ofSeconds(1))
                            .limit(REGISTER_LIMIT)
                            .timeout(limit));
                }
                long cpu0 = kamailio.treeCpuMicros();
                long origin = System.currentTimeMillis();
                long started = System.nanoTime();
                List<SippResult> results = runs.stream().map(Sipp::start).toList().stream()
                        .map(io.switchboard.loadtest.SippProcess::await).toList();
                long wallMillis = (System.nanoTime() - started) / 1_000_000;
                long cpu = kamailio.treeCpuMicros() - cpu0;
                if (!kamailio.alive()) {
                    throw new IllegalStateException("kamailio died during the storm:\n" + kamailio.tail());
                }
                long ok = 0;
                long failed = 0;
                long retransmissions = 0;
                Map<Long, Double> rate = new LinkedHashMap<>();
                Map<Long, Double> failures = new LinkedHashMap<>();
                for (SippResult r : results) {
                    ok += r.successful();
                    failed += r.failed();
                    retransmissions += r.stats().retransmissions();
                    PeerSipp.addSeries(r.workDir().resolve("stat.csv"), origin, rate, failures);
                }
                Map<String, Double> figures = new LinkedHashMap<>();
                figures.put("registrations_per_s", ok * 1000.0 / Math.max(1, wallMillis));
                figures.put("time_to_register_ms", (double) wallMillis);
                figures.put("failed", (double) (users - ok));
                figures.put("cpu_us_per_registration", cpu / (double) Math.max(1, ok));
                figures.put("successful", (double) ok);
                figures.put("failed_calls", (double) failed);
                figures.put("retransmissions", (double) retransmissions);
                figures.put("users", (double) users);
                figures.put("sipp_processes", (double) results.size());
                return new PeerResult("kamailio", version, figures,
                        Map.of("rate", PeerSipp.points(rate), "failures", PeerSipp.points(failures)));
            }
        }
    }

    /**
     * Call rate through Kamailio 5.6 as a record-routing transaction-stateful proxy
     * (loadtest/peers/kamailio-proxy.cfg: tm, rr, no dialog module) between a SIPp caller and one
     * SIPp callee: INVITE, 100, 180, 200, ACK, BYE, 200, no hold time, no media. Each rate of
     * {@code rates} (calls/s, in order) runs {@code perStep}; the ramp stops at the first step with
     * 0.1 % failed or more, less than 90 % of its rate achieved, or an unfinished run. Figures: max_cps
     * (the highest good rate, 0 if none), failed_pct_at_max, achieved_cps_at_max,
     * cpu_us_per_call_at_max (Kamailio's processes), setup_p99_ms (INVITE to 200 at that rate), steps_good, and of the last step run (good or
     * not) last_step_cps, last_step_achieved_cps, last_step_failed_pct, last_step_retransmissions, last_step_setup_p99_ms. Series "rate" and "failures"
     * (successful and failed calls per second of the caller SIPp) over the whole ramp.
     */
    public static PeerResult kamailioCalls(int[] rates, Duration perStep) throws Exception {
        return proxyCalls("kamailio", "kamailio-proxy.cfg", false, rates, perStep);
    }

    /**
     * The same ramp as {@link #kamailioCalls} through Kamailio with dialog tracking and rtpengine
     * (loadtest/peers/kamailio-proxy-rtpengine.cfg): an rtpengine offer on every INVITE, an answer on its
     * 200 and a delete on its BYE, the job Switchboard's B2BUA does with its media node. The CPU figure
     * is Kamailio's and rtpengine's together; the SDP gives rtpengine no RTP to relay (SIPp sends none).
     */
    public static PeerResult kamailioRtpengineCalls(int[] rates, Duration perStep) throws Exception {
        return proxyCalls("kamailio+rtpengine", "kamailio-proxy-rtpengine.cfg", true, rates, perStep);
    }

    private static PeerResult proxyCalls(String peer, String config, boolean withRtpengine, int[] rates, Duration perStep)
            throws Exception {
        requireSipp();
        if (rates.length == 0 || perStep.toSeconds() < 1) {
            throw new IllegalArgumentException("need at least one rate and a step of 1 s or more");
        }
        String version = kamailioVersion() + (withRtpengine ? ", " + rtpengineVersion() : "");
        long seconds = perStep.toSeconds();
        Duration stepBound = Duration.ofSeconds(3 * seconds + 30);
        long totalCalls = 0;
        for (int r : rates) {
            if (r <= 0) {
                throw new IllegalArgumentException("rates must be positive");
            }
            totalCalls += r * seconds;
        }
        try (Scratch work = Scratch.create("switchboard-peer-kamailio-calls", keep());
             PeerProcess rtpengine = withRtpengine ? startRtpengine(work.resolve("rtpengine")) : null;
             PeerProcess kamailio = startKamailio(config, work.resolve("run"), List.of())) {
            int uasPort = Sipp.freeLocalPort(SippTransport.UDP);
            PeerSipp uas = PeerSipp.start("uas.xml", 0, work.resolve("uas"), stepBound.multipliedBy(rates.length),
                    "-p", Integer.toString(uasPort), "-m", Long.toString(totalCalls),
                    "-mp", Integer.toString(Sipp.freeLocalPort(SippTransport.UDP)));
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("max_cps", 0.0);
            figures.put("failed_pct_at_max", 0.0);
            figures.put("achieved_cps_at_max", 0.0);
            figures.put("cpu_us_per_call_at_max", 0.0);
            Map<Long, Double> rate = new LinkedHashMap<>();
            Map<Long, Double> failures = new LinkedHashMap<>();
            long origin = System.currentTimeMillis();
            int good = 0;
            try {
                Thread.sleep(300);
                if (!uas.alive()) {
                    throw new IllegalStateException("callee SIPp exited at start: " + uas.await().describe());
                }
                for (int rateStep : rates) {
                    long calls = rateStep * seconds;
                    long cpu0 = kamailio.treeCpuMicros() + (rtpengine == null ? 0 : rtpengine.treeCpuMicros());
                    PeerSipp uac = PeerSipp.start("uac.xml", KAMAILIO_PORT, work.resolve("uac-" + rateStep), stepBound,
                            "-p", Integer.toString(Sipp.freeLocalPort(SippTransport.UDP)),
                            "-mp", Integer.toString(Sipp.freeLocalPort(SippTransport.UDP)),
                            "-key", "uas_port", Integer.toString(uasPort),
                            "-m", Long.toString(calls), "-r", Integer.toString(rateStep), "-rp", "1000",
                            "-l", "5000", "-d", "0", "-trace_rtt", "-rtt_freq", "1");
                    SippResult r = uac.await();
                    long cpu = kamailio.treeCpuMicros() + (rtpengine == null ? 0 : rtpengine.treeCpuMicros()) - cpu0;
                    PeerSipp.addSeries(r.workDir().resolve("stat.csv"), origin, rate, failures);
                    SippStatistics s = r.stats();
                    double failedPct = 100.0 * s.failed() / Math.max(1, s.created());
                    double achieved = s.created() * 1000.0 / Math.max(1, s.elapsedMillis());
                    figures.put("last_step_cps", (double) rateStep);
                    figures.put("last_step_achieved_cps", achieved);
                    figures.put("last_step_failed_pct", failedPct);
                    figures.put("last_step_retransmissions", (double) s.retransmissions());
                    double p99 = PeerSipp.rttPercentile(r.workDir(), 99);
                    figures.put("last_step_setup_p99_ms", p99);
                    boolean ok = failedPct < MAX_FAILED_PCT && achieved >= 0.9 * rateStep && !r.timedOut()
                            && s.created() >= calls && kamailio.alive() && (rtpengine == null || rtpengine.alive());
                    if (!ok) {
                        break;
                    }
                    good++;
                    figures.put("max_cps", (double) rateStep);
                    figures.put("failed_pct_at_max", failedPct);
                    figures.put("achieved_cps_at_max", achieved);
                    figures.put("cpu_us_per_call_at_max", cpu / (double) Math.max(1, s.successful()));
                    figures.put("setup_p99_ms", p99);
                }
            } finally {
                uas.destroy();
            }
            figures.put("steps_good", (double) good);
            return new PeerResult(peer, version, figures,
                    Map.of("rate", PeerSipp.points(rate), "failures", PeerSipp.points(failures)));
        }
    }

    /**
     * RTP relay throughput of rtpengine 10.5 in userspace mode (loadtest/peers/rtpengine.conf:
     * {@code table = -1}, 2 threads), measured as RelayBenchmark measures Switchboard's media server:
     * sessions opened with the same ng offer/answer (NgClient), the same RtpGenerator streaming
     * 172-byte G.711 packets at 50 pps per direction per session. Each step of {@code sessionSteps}
     * adds sessions up to its count, streams a warm-up (2 s, or {@code perStep} if shorter; the first
     * step 5 s more, or {@code perStep} more if shorter) and then measures {@code perStep}; the ramp stops at the first step with more than 0.1 % loss or a p99
     * above 20 ms. Figures of the best good step (0 when none was good): max_pps (packets relayed per
     * second), sessions, p99_ms (one-way delay through the relay), us_per_packet (rtpengine's CPU over
     * the window per relayed packet), loss_pct; plus steps_good, and the same figures of the last step run
     * (good or not) as last_step_sessions, last_step_pps, last_step_loss_pct, last_step_p99_ms,
     * last_step_us_per_packet, last_step_send_failures. Series "rate" (relayed pps) and
     * "failures" (lost packets per second), one point per step, at the end of its window.
     */
    public static PeerResult rtpengineMedia(int[] sessionSteps, Duration perStep) throws Exception {
        return rtpengineMedia(sessionSteps, perStep, false);
    }

    /**
     * As {@link #rtpengineMedia(int[], Duration)}; {@code srtp}: every caller leg speaks SDES-SRTP and the
     * callee plain RTP (ng {@code transport-protocol: RTP/AVP}), so rtpengine decrypts and encrypts in
     * userspace, one transform per relayed packet as Switchboard's relay does in the same scenario.
     */
    public static PeerResult rtpengineMedia(int[] sessionSteps, Duration perStep, boolean srtp) throws Exception {
        if (sessionSteps.length == 0 || perStep.toMillis() < 500) {
            throw new IllegalArgumentException("need at least one step of 0.5 s or more");
        }
        for (int s : sessionSteps) {
            if (s <= 0 || s > RTPENGINE_MAX_SESSIONS) {
                throw new IllegalArgumentException("session steps must be 1.." + RTPENGINE_MAX_SESSIONS
                        + " (rtpengine.conf's port range), got " + s);
            }
        }
        String version = rtpengineVersion();
        Duration warmup = perStep.compareTo(Duration.ofSeconds(2)) < 0 ? perStep : Duration.ofSeconds(2);
        try (Scratch work = Scratch.create("switchboard-peer-rtpengine", keep());
             PeerProcess rtpengine = startRtpengine(work.resolve("run"));
             NgClient ng = new NgClient(Duration.ofSeconds(2));
             Generator gen = new Generator()) {
            InetSocketAddress server = new InetSocketAddress(Sipp.LOOPBACK, RTPENGINE_NG_PORT);
            Map<String, Double> figures = new LinkedHashMap<>();
            for (String f : List.of("max_pps", "sessions", "p99_ms", "us_per_packet", "loss_pct")) {
                figures.put(f, 0.0);
            }
            List<double[]> rate = new ArrayList<>();
            List<double[]> failures = new ArrayList<>();
            long origin = System.nanoTime();
            int good = 0;
            for (int sessions : sessionSteps) {
                if (sessions > gen.sessions()) {
                    NgSessions.open(gen, ng, server, sessions, "peer-bench-", srtp);
                }
                long[] cpu = new long[2];
                System.gc();
                // As RelayBenchmark: the first step warms up longer (there for the relay's JIT; here for the
                // generator's, which runs in this JVM): 5 s more, or perStep more when that is shorter.
                Duration stepWarmup = good == 0 && rate.isEmpty()
                        ? warmup.plus(perStep.compareTo(Duration.ofSeconds(5)) < 0 ? perStep : Duration.ofSeconds(5))
                        : warmup;
                Generator.Step r = gen.run(sessions, stepWarmup, perStep,
                        () -> cpu[0] = rtpengine.treeCpuMicros(), () -> cpu[1] = rtpengine.treeCpuMicros());
                double seconds = r.windowMicros() / 1e6;
                double at = (System.nanoTime() - origin) / 1e9;
                rate.add(new double[] {at, r.receivedPerSecond()});
                failures.add(new double[] {at, Math.max(0, r.sent() - r.received()) / seconds});
                double p99 = r.delayMicros().getValueAtPercentile(99) / 1000.0;
                if (!rtpengine.alive()) {
                    throw new IllegalStateException("rtpengine died:\n" + rtpengine.tail());
                }
                // The last step run, good or not: where the ramp ended.
                figures.put("last_step_sessions", (double) sessions);
                figures.put("last_step_pps", r.receivedPerSecond());
                figures.put("last_step_loss_pct", r.lossPercent());
                figures.put("last_step_p99_ms", p99);
                figures.put("last_step_send_failures", (double) r.sendFailures());
                figures.put("last_step_us_per_packet", (cpu[1] - cpu[0]) / (double) Math.max(1, r.received()));
                if (r.lossPercent() > MAX_LOSS_PCT || p99 > MAX_P99_MS || r.received() == 0) {
                    break;
                }
                good++;
                figures.put("max_pps", r.receivedPerSecond());
                figures.put("sessions", (double) sessions);
                figures.put("p99_ms", p99);
                figures.put("us_per_packet", (cpu[1] - cpu[0]) / (double) Math.max(1, r.received()));
                figures.put("loss_pct", r.lossPercent());
            }
            figures.put("steps_good", (double) good);
            return new PeerResult("rtpengine", version, figures, Map.of("rate", rate, "failures", failures));
        }
    }

    // ---- starting and probing the peers (package-private for PeersTest) ----

    static Optional<Path> kamailioBinary() {
        return onPath("kamailio").or(() -> executable(Path.of("/usr/sbin/kamailio")));
    }

    static Optional<Path> rtpengineBinary() {
        return executable(Path.of("/usr/bin/rtpengine")).or(() -> executable(Path.of("/usr/sbin/rtpengine")))
                .or(() -> onPath("rtpengine"));
    }

    /** The directory holding kamailio-registrar.cfg, kamailio-proxy.cfg and rtpengine.conf. */
    static Path configDir() {
        String property = System.getProperty("switchboard.peers.dir");
        if (property != null) {
            return Path.of(property);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("peers"), dir.resolve("loadtest").resolve("peers"))) {
                if (Files.isRegularFile(candidate.resolve("kamailio-registrar.cfg"))) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("no loadtest/peers/ directory above " + Path.of("").toAbsolutePath()
                + "; set -Dswitchboard.peers.dir");
    }

    /**
     * Kamailio in the foreground ({@code -DD}, log to stderr {@code -E}), 256 MB shared and 8 MB
     * private memory, both with the f_malloc manager ({@code -x fm -X fm}; the configs say why),
     * runtime files in {@code runDir}; returns once it answers an OPTIONS with 200.
     */
    static PeerProcess startKamailio(String config, Path runDir, List<String> extra) throws Exception {
        Path binary = kamailioBinary().orElseThrow(() -> new IllegalStateException(
                "kamailio not installed: apt-get install kamailio"));
        Files.createDirectories(runDir);
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-f", configDir().resolve(config).toAbsolutePath().toString(),
                "-DD", "-E", "-m", "256", "-M", "8", "-x", "fm", "-X", "fm", "-Y", runDir.toAbsolutePath().toString(),
                "-P", runDir.resolve("kamailio.pid").toAbsolutePath().toString()));
        cmd.addAll(extra);
        PeerProcess p = PeerProcess.start("kamailio", cmd, runDir);
        p.awaitReady(() -> sipOptionsOk(KAMAILIO_PORT), START_WITHIN);
        return p;
    }

    /** rtpengine in the foreground with rtpengine.conf; returns once it answers an ng ping with pong. */
    static PeerProcess startRtpengine(Path runDir) throws Exception {
        Path binary = rtpengineBinary().orElseThrow(() -> new IllegalStateException(
                "rtpengine not installed: apt-get install rtpengine-daemon"));
        Files.createDirectories(runDir);
        List<String> cmd = List.of(binary.toString(),
                "--config-file=" + configDir().resolve("rtpengine.conf").toAbsolutePath(), "--config-section=rtpengine",
                "--foreground", "--pidfile=" + runDir.resolve("rtpengine.pid").toAbsolutePath());
        PeerProcess p = PeerProcess.start("rtpengine", cmd, runDir);
        try (NgClient ng = new NgClient(Duration.ofMillis(300))) {
            p.awaitReady(() -> ngPing(ng), START_WITHIN);
        }
        return p;
    }

    /** Whether 127.0.0.1:{@code port} answers an out-of-dialog OPTIONS with 200 within 300 ms. */
    static boolean sipOptionsOk(int port) {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName(Sipp.LOOPBACK))) {
            socket.setSoTimeout(300);
            int local = socket.getLocalPort();
            String branch = "z9hG4bK-peer-" + System.nanoTime();
            String msg = "OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + local + ";branch=" + branch + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:probe@127.0.0.1>;tag=" + local + "\r\n"
                    + "To: <sip:127.0.0.1:" + port + ">\r\n"
                    + "Call-ID: " + branch + "@127.0.0.1\r\n"
                    + "CSeq: 1 OPTIONS\r\n"
                    + "Content-Length: 0\r\n\r\n";
            byte[] bytes = msg.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName(Sipp.LOOPBACK), port));
            byte[] buf = new byte[4096];
            DatagramPacket reply = new DatagramPacket(buf, buf.length);
            socket.receive(reply);
            return new String(buf, 0, reply.getLength(), StandardCharsets.US_ASCII).startsWith("SIP/2.0 200");
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether rtpengine answers an ng ping with pong. */
    static boolean ngPing(NgClient ng) {
        try {
            return "pong".equals(String.valueOf(ng.call(new InetSocketAddress(Sipp.LOOPBACK, RTPENGINE_NG_PORT),
                    Map.of("command", "ping")).get("result")));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** First line of {@code kamailio -v}, e.g. "version: kamailio 5.6.3 (x86_64/linux)". */
    static String kamailioVersion() throws Exception {
        Path binary = kamailioBinary().orElseThrow(() -> new IllegalStateException(
                "kamailio not installed: apt-get install kamailio"));
        return firstLine(List.of(binary.toString(), "-v")).replaceFirst("^(?i)version:\\s*", "");
    }

    /** {@code rtpengine --version}, e.g. "rtpengine 10.5.3.5-1+deb12u1". */
    static String rtpengineVersion() throws Exception {
        Path binary = rtpengineBinary().orElseThrow(() -> new IllegalStateException(
                "rtpengine not installed: apt-get install rtpengine-daemon"));
        return "rtpengine " + firstLine(List.of(binary.toString(), "--version")).replaceFirst("^(?i)version:\\s*", "");
    }

    // ---- helpers ----

    /** {@code -Dswitchboard.peers.keep=true} leaves each run's work directory (SIPp logs, peer log) in place. */
    private static boolean keep() {
        boolean keep = Boolean.getBoolean("switchboard.peers.keep");
        return keep;
    }

    private static void requireSipp() {
        if (Sipp.executable().isEmpty()) {
            throw new IllegalStateException("sipp is not on the PATH (Debian/Ubuntu: apt-get install sip-tester)");
        }
    }

    private static String firstLine(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException(String.join(" ", cmd) + " did not end within 5 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return out.lines().findFirst().orElse("unknown").trim();
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    /**
     * The registrar's users as db_text tables (version, htable) for Kamailio's htable module: one row
     * per extension from FIRST_EXTENSION, key = extension, value = HA1 = MD5(user:realm:password),
     * password = UserCsv.password(ext).
     */
    static Path writeUsers(Path dir, int users) throws IOException, NoSuchAlgorithmException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("version"), "table_name(string) table_version(int)\nhtable:2\n");
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        HexFormat hex = HexFormat.of();
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("htable"), StandardCharsets.ISO_8859_1)) {
            w.write("id(int,auto) key_name(string) key_type(int) value_type(int) key_value(string) expires(int)\n");
            long id = 1;
            for (long ext = FIRST_EXTENSION; ext < FIRST_EXTENSION + users; ext++) {
                String ha1 = hex.formatHex(md5.digest((ext + ":" + REALM + ":" + UserCsv.password(ext))
                        .getBytes(StandardCharsets.ISO_8859_1)));
                w.write(id++ + ":" + ext + ":0:0:" + ha1 + ":0\n");
            }
        }
        return dir;
    }



    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Optional<Path> p = executable(Path.of(dir.isEmpty() ? "." : dir, name));
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> executable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
}
