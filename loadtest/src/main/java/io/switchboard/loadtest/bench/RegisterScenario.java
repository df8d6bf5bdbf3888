package io.switchboard.loadtest.bench;

import io.switchboard.loadtest.AdminClient;
import io.switchboard.loadtest.LocalSignaling;
import io.switchboard.loadtest.Sipp;
import io.switchboard.loadtest.SippResult;
import io.switchboard.loadtest.SippStatistics;
import io.switchboard.loadtest.SippTransport;
import io.switchboard.loadtest.UserCsv;
import io.switchboard.loadtest.report.Latencies;
import io.switchboard.signaling.directory.ImportReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code register}: N users provisioned through the admin API ({@code POST /api/users/import}),
 * then a ramp of REGISTER rates, each step {@code --step-seconds} long from {@code --sipp} SIPp
 * processes (each with its slice of the users and one local port for the whole run, so a step
 * refreshes the bindings of the previous one); the ramp stops at the first step with 1 % or more
 * failed, or below 90 % of its rate. Then a storm: every user registers once, as fast as the server
 * answers (the figure {@code --compare} puts beside Kamailio's). Setup time is REGISTER to 200,
 * including the 401 round trip (SIPp response-time timer 1).
 */
final class RegisterScenario {
    static final String NAME = "register";
    private static final long FIRST_EXTENSION = 100_000;
    static final double MAX_FAILED_PERCENT = 1.0;

    /** bench/register.xml with timer 1 around the whole exchange. */
    static final String SCENARIO = """
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <scenario name="loadtest register">
              <send retrans="500" start_rtd="1"><![CDATA[
            REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
            Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
            From: <sip:[field0]@[remote_ip]>;tag=[pid]r[call_number]
            To: <sip:[field0]@[remote_ip]>
            Call-ID: [call_id]
            CSeq: 1 REGISTER
            Contact: <sip:[field0]@[local_ip]:[local_port]>
            Expires: 3600
            Max-Forwards: 70
            Content-Length: 0

            ]]></send>
              <recv response="401" auth="true"/>
              <send retrans="500"><![CDATA[
            REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
            Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
            From: <sip:[field0]@[remote_ip]>;tag=[pid]r[call_number]
            To: <sip:[field0]@[remote_ip]>
            Call-ID: [call_id]
            CSeq: 2 REGISTER
            Contact: <sip:[field0]@[local_ip]:[local_port]>
            [field1]
            Expires: 3600
            Max-Forwards: 70
            Content-Length: 0

            ]]></send>
              <recv response="200" rtd="1"/>
            </scenario>
            """;

    private RegisterScenario() {
    }

    static void run(RunContext c) throws Exception {
        int users = c.options.integer("users");
        int processes = Math.max(1, Math.min(c.options.integer("sipp"), users));
        int[] rates = c.ints("register-rates");
        int stepSeconds = c.options.integer("step-seconds");
        Path dir = c.work.resolve(NAME);
        c.report.parameters.put("register.users", users);
        c.report.parameters.put("register.sipp_processes", processes);
        c.report.parameters.put("register.rates", c.options.string("register-rates"));
        c.report.parameters.put("register.step_seconds", stepSeconds);
        c.report.parameters.put("register.max_failed_percent", MAX_FAILED_PERCENT);
        String transport = c.options.string("register-transport");
        if (!List.of("udp", "tcp", "tls").contains(transport)) {
            throw new IllegalArgumentException("--register-transport must be udp, tcp or tls, got '" + transport + "'");
        }
        c.report.parameters.put("register.transport", transport + (transport.equals("tls")
                ? " (SIPp over TCP into a local stunnel client, one TLS connection per SIPp)" : ""));
        java.nio.file.Files.createDirectories(dir);
        boolean external = c.options.integer("sip-port") > 0;
        c.report.parameters.put("register.target", external ? "running server at 127.0.0.1:" + c.options.string("sip-port")
                + " (admin API port " + c.options.string("http-port") + ")"
                : "all-in-one signaling in a JVM of its own (-Xmx" + c.options.string("server-heap") + ")");
        try (ChildJvm server = external ? null : ChildJvm.start("signaling", SignalingNodeMain.class,
                SignalingNodeMain.READY, serverKeys(c, dir, transport), serverJvm(c),
                0, c.work.resolve("register-signaling.log"), Duration.ofSeconds(120), Duration.ofSeconds(20))) {
            long serverPid = external ? c.options.integer("target-pid") : server.pid();
            int sipPort = external ? c.options.integer("sip-port") : server.readyValue("sip");
            int httpPort = external ? c.options.integer("http-port") : server.readyValue("http");
            AdminClient admin = new AdminClient(httpPort, external ? c.options.string("admin-password")
                    : LocalSignaling.ADMIN_PASSWORD);
            if (serverPid > 0) {
                c.sampler.process("switchboard (signaling)", serverPid);
            }
            if (!external) {
                c.sampler.gauge("register-bindings", "register: location service bindings", "bindings",
                        () -> Map.of("bindings", bindings(httpPort)));
            }
            c.terminal.println(String.format("register: provisioning %d users through the admin API ...", users));
            ImportReport imported = admin.importUsers(UserCsv.writeUsers(dir.resolve("users.csv"), FIRST_EXTENSION, users),
                    Duration.ofSeconds(Math.min(c.secondsLeft(), 600)));
            if (imported.failed() > 0) {
                throw new IllegalStateException("user import failed: " + imported.errors());
            }
            c.report.figure(NAME, "users_provisioned", imported.imported(), "users", "imported through POST /api/users/import");
            c.report.figure(NAME, "import_rate", imported.imported() * 1000.0 / Math.max(1, imported.elapsedMillis()),
                    "users/s", "admin API import throughput");

            // One slice of the users, one injection file and one local port per SIPp, for the whole scenario.
            List<Path> injections = new ArrayList<>();
            List<Integer> ports = new ArrayList<>();
            List<Integer> counts = new ArrayList<>();
            int share = (users + processes - 1) / processes;
            for (int i = 0; i < processes; i++) {
                long first = FIRST_EXTENSION + (long) i * share;
                int count = (int) Math.min(share, FIRST_EXTENSION + users - first);
                if (count <= 0) {
                    break;
                }
                injections.add(UserCsv.writeInjection(dir.resolve("inf-" + i + ".csv"), first, count, UserCsv::password));
                ports.add(Sipp.freeLocalPort(SippTransport.UDP));
                counts.add(count);
            }

            // Where each SIPp sends: signaling's SIP port, or for TLS its own stunnel client's local port.
            List<Integer> remotes = new ArrayList<>();
            TlsClientTunnel tunnel = transport.equals("tls") ? TlsClientTunnel.start(dir.resolve("stunnel"), injections.size(),
                    "127.0.0.1", external ? c.options.integer("tls-port") : server.readyValue("tls")) : null;
            for (int i = 0; i < injections.size(); i++) {
                remotes.add(tunnel != null ? tunnel.port(i) : sipPort);
            }
            String mode = transport.equals("udp") ? "u1" : "t1";
            try {
                Step best = null;
                for (int rate : rates) {
                    c.checkDeadline("register step " + rate + "/s");
                    long calls = (long) rate * stepSeconds;
                    Step s = step(c, remotes, mode, dir.resolve("step-" + rate), injections, ports, rate, calls, stepSeconds,
                            "register ramp " + rate + "/s");
                    c.report.note(String.format("register step %d/s offered: %d attempted, %d ok, %d failed (%.3f %%), achieved %.0f/s%s",
                            rate, s.created, s.ok, s.failed, s.failedPercent(), s.achieved(), s.timedOut ? ", TIMED OUT" : ""));
                    if (s.failedPercent() >= MAX_FAILED_PERCENT || s.achieved() < 0.9 * rate || s.timedOut || s.created < calls) {
                        c.terminal.println(String.format("register: step %d/s missed the bound (%.2f %% failed, %.0f/s achieved): ramp stops",
                                rate, s.failedPercent(), s.achieved()));
                        break;
                    }
                    best = s;
                }
                if (best != null) {
                    c.report.figure(NAME, "max_sustained_registrations_per_s", best.achieved(), "registrations/s",
                            "highest ramp step with < 1 % failed and >= 90 % of its offered rate");
                    c.report.figure(NAME, "offered_rate_at_max", best.rate, "registrations/s", "offered rate of that step");
                    c.report.figure(NAME, "failed_pct_at_max", best.failedPercent(), "%", "failed registrations in that step");
                    Latencies.add(c.report, NAME, "REGISTER->200 at max sustained rate", "register-latency",
                            "register: setup time percentiles (REGISTER to 200, incl. 401)", best.setup);
                } else {
                    c.report.note("register: no ramp step met the bound (< 1 % failed, >= 90 % of rate)");
                }

                // The storm: every user once, as fast as SIPp can send (the Kamailio comparison's figure).
                c.checkDeadline("register storm");
                int stormRate = c.options.integer("storm-rate");
                long cpu0 = serverPid > 0 ? ProcStats.cpuMicros(serverPid) : 0;
                Map<String, long[]> threads0 = serverPid > 0 ? ProcStats.threadCpuMicros(serverPid) : Map.of();
                Step storm = stormStep(c, remotes, mode, dir.resolve("storm"), injections, ports, counts, stormRate);
                long cpu = serverPid > 0 ? ProcStats.cpuMicros(serverPid) - cpu0 : 0;
                if (serverPid > 0) {
                    threadBreakdown(c, threads0, ProcStats.threadCpuMicros(serverPid), storm.ok);
                }
                c.report.figure(NAME, "registrations_per_s", storm.ok * 1000.0 / Math.max(1, storm.wallMillis), "registrations/s",
                        "storm: every user registering at once, successful registrations over the wall time");
                c.report.figure(NAME, "time_to_register_ms", storm.wallMillis, "ms", "storm: time until every user was registered or failed");
                c.report.figure(NAME, "failed", storm.failed + (users - storm.ok - storm.failed), "registrations",
                        "storm: failed or never attempted");
                if (serverPid > 0) {
                    c.report.figure(NAME, "cpu_us_per_registration", cpu / (double) Math.max(1, storm.ok), "us", external
                            ? "storm: CPU of the target process (--target-pid) per successful registration"
                            : "storm: CPU of the signaling process alone (user + system) per successful registration");
                }
                if (!external) {
                    c.report.figure(NAME, "bindings_after_storm", bindings(httpPort), "bindings",
                            "location service size after the storm (sip_registrations)");
                }
                Latencies.add(c.report, NAME, "REGISTER->200 in storm", "register-latency",
                        "register: setup time percentiles (REGISTER to 200, incl. 401)", storm.setup);
            } finally {
                if (tunnel != null) {
                    tunnel.close();
                }
            }
        } finally {
            c.sampler.clearGauges();
        }
    }

    /** Notes the server's CPU per registration by thread group (user + system), the largest first. */
    private static void threadBreakdown(RunContext c, Map<String, long[]> before, Map<String, long[]> after, long registrations) {
        List<Map.Entry<String, long[]>> used = new ArrayList<>();
        after.forEach((name, now) -> {
            long[] then = before.getOrDefault(name, new long[2]);
            used.add(Map.entry(name, new long[] {now[0] - then[0], now[1] - then[1]}));
        });
        used.sort((x, y) -> Long.compare(y.getValue()[0] + y.getValue()[1], x.getValue()[0] + x.getValue()[1]));
        StringBuilder b = new StringBuilder("register storm: server CPU per registration by thread (user+system us):");
        for (Map.Entry<String, long[]> e : used.subList(0, Math.min(8, used.size()))) {
            long[] us = e.getValue();
            if (us[0] + us[1] > 0) {
                b.append(String.format(" %s %.1f+%.1f;", e.getKey(), us[0] / (double) Math.max(1, registrations),
                        us[1] / (double) Math.max(1, registrations)));
            }
        }
        c.report.note(b.toString());
    }

    /** The server's configuration: loopback, ephemeral ports, no per-source limits (SIPp is one source). */
    private static Map<String, String> serverKeys(RunContext c, Path dir, String transport) throws Exception {
        Map<String, String> keys = new java.util.HashMap<>(Map.of("data-dir", dir.resolve("data").toString(),
                "sip.workers", c.options.string("workers"), "sip.queue-capacity", "1000000", "sip.per-source-rate", "1000000"));
        if (transport.equals("tls")) {
            // A self-signed P-256 certificate made with openssl for this run (stunnel does not check it).
            Path cert = dir.resolve("server.pem");
            Path key = dir.resolve("server.key");
            Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=127.0.0.1")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("openssl could not make the benchmark's certificate; see " + dir.resolve("openssl.log"));
            }
            keys.put("sip.tls.certificate", cert.toString());
            keys.put("sip.tls.private-key", key.toString());
            keys.put("sip.tls.port", "0");
        }
        return keys;
    }

    private static List<String> serverJvm(RunContext c) {
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + c.options.string("server-heap"),
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED"));
        String jfr = c.options.string("server-jfr");
        if (!jfr.isBlank()) {
            jvm.add("-XX:StartFlightRecording=settings=profile,filename=" + Path.of(jfr).toAbsolutePath());
        }
        for (String option : c.options.string("server-jvm-options").trim().split("\\s+")) {
            if (!option.isEmpty()) {
                jvm.add(option);
            }
        }
        return jvm;
    }

    private static double bindings(int httpPort) {
        try {
            return Prometheus.scrape(httpPort, null).getOrDefault("sip_registrations", 0.0);
        } catch (java.io.IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** What one step's SIPp processes did, summed. */
    static final class Step {
        int rate;
        long created;
        long ok;
        long failed;
        long elapsedMillis;
        long wallMillis;
        boolean timedOut;
        Histogram setup = Latencies.histogram();

        double failedPercent() {
            return 100.0 * failed / Math.max(1, created);
        }

        double achieved() {
            return ok * 1000.0 / Math.max(1, elapsedMillis);
        }
    }

    private static Step step(RunContext c, List<Integer> remotes, String mode, Path dir, List<Path> injections, List<Integer> ports,
                             int rate, long calls, int stepSeconds, String label) throws Exception {
        int n = injections.size();
        List<BenchSipp> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long share = calls / n + (i < calls % n ? 1 : 0);
            int perRate = Math.max(1, rate / n + (i < rate % n ? 1 : 0));
            if (share <= 0) {
                continue;
            }
            runs.add(BenchSipp.inline("register.xml", SCENARIO, remotes.get(i), dir.resolve("sipp-" + i)).transport(mode)
                    .args("-p", Integer.toString(ports.get(i)), "-inf", injections.get(i).toString(),
                            "-m", Long.toString(share), "-r", Integer.toString(perRate), "-rp", "1000",
                            "-l", Integer.toString(Math.max(200, perRate)), "-default_behaviors", "all,-bye")
                    .timeout(Duration.ofSeconds(Math.min(c.secondsLeft(), 3L * stepSeconds + 30))));
        }
        Step s = runAll(c, runs, calls, label);
        s.rate = rate;
        return s;
    }

    private static Step stormStep(RunContext c, List<Integer> remotes, String mode, Path dir, List<Path> injections,
                                  List<Integer> ports, List<Integer> counts, int rate) throws Exception {
        List<BenchSipp> runs = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < injections.size(); i++) {
            total += counts.get(i);
            runs.add(BenchSipp.inline("register.xml", SCENARIO, remotes.get(i), dir.resolve("sipp-" + i)).transport(mode)
                    .args("-p", Integer.toString(ports.get(i)), "-inf", injections.get(i).toString(),
                            "-m", Integer.toString(counts.get(i)), "-r", Integer.toString(rate), "-rp", "1000",
                            "-l", "200", "-default_behaviors", "all,-bye")
                    .timeout(Duration.ofSeconds(Math.min(c.secondsLeft(), c.options.integer("storm-timeout")))));
        }
        return runAll(c, runs, total, "register storm");
    }

    /** Starts the runs together, shows progress, waits, and sums their statistics. */
    private static Step runAll(RunContext c, List<BenchSipp> runs, long calls, String label) throws Exception {
        long started = System.nanoTime();
        List<BenchSipp.Running> running = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            BenchSipp.Running r = runs.get(i).start();
            running.add(r);
            c.sampler.process("sipp register " + i, r.pid());
        }
        Step s = new Step();
        List<Path> stats = new ArrayList<>();
        try {
            while (running.stream().anyMatch(BenchSipp.Running::alive)) {
                long ok = 0;
                long failed = 0;
                for (BenchSipp.Running r : running) {
                    SippStatistics st = r.stats();
                    ok += st.successful();
                    failed += st.failed();
                }
                c.terminal.progress(label, (ok + failed) / (double) Math.max(1, calls), "ok " + ok + "  failed " + failed);
                Thread.sleep(500);
            }
        } finally {
            for (BenchSipp.Running r : running) {
                SippResult res = r.await();
                s.created += res.stats().created();
                s.ok += res.successful();
                s.failed += res.failed();
                s.elapsedMillis = Math.max(s.elapsedMillis, res.stats().elapsedMillis());
                s.timedOut |= res.timedOut();
                s.setup.add(r.setupTimes());
                stats.add(r.workDir().resolve("stat.csv"));
            }
            for (int i = 0; i < running.size(); i++) {
                c.sampler.forget("sipp register " + i);
            }
        }
        s.wallMillis = (System.nanoTime() - started) / 1_000_000;
        c.terminal.progress(label, 1, "ok " + s.ok + "  failed " + s.failed);
        c.terminal.endBar();
        c.sippSeries(NAME, "registrations", stats);
        return s;
    }
}
