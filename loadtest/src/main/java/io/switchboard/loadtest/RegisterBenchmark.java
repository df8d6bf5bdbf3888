package io.switchboard.loadtest;

import io.switchboard.signaling.SignalingServer;
import io.switchboard.signaling.directory.ImportReport;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Registration storm: every phone of a site registering at once, as after a power cut.
 *
 * <pre>
 * mvn -q -pl loadtest exec:java -Dexec.mainClass=io.switchboard.loadtest.RegisterBenchmark \
 *     -Dexec.args="--users 50000 --sipp 4"
 * </pre>
 *
 * Starts an all-in-one signaling server in this JVM on 127.0.0.1 (8 SIP workers, a queue big
 * enough never to shed load, no per-source limit since every SIPp shares 127.0.0.1), imports the
 * users through {@code users().importCsv}, then registers them all with digest authentication
 * from K SIPp processes at once, each with its own share of the users, its own CSV and its own
 * local port. The whole storm is bounded by {@code --timeout} seconds, after which the SIPp
 * processes are destroyed by PID. Other options: {@code --rate} new calls per second per SIPp,
 * {@code --limit} calls in progress per SIPp, {@code --transport udp|tcp}, {@code --keep true}
 * to leave the work directory (SIPp logs) in place, {@code --settle S} to measure the heap again
 * S seconds after the storm (past Timer J, 32 s, when completed transactions are gone). The heap figure is this whole JVM's, server
 * and benchmark together, after a System.gc().
 */
public final class RegisterBenchmark {
    private static final long FIRST_EXTENSION = 100_000;

    private RegisterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions o = BenchmarkOptions.parse(args, Map.ofEntries(Map.entry("users", "50000"),
                Map.entry("sipp", "4"), Map.entry("workers", "8"), Map.entry("rate", "3000"), Map.entry("limit", "200"),
                Map.entry("timeout", "300"), Map.entry("transport", "udp"), Map.entry("keep", "false"), Map.entry("settle", "0")));
        int users = o.integer("users");
        int processes = o.integer("sipp");
        SippTransport transport = SippTransport.valueOf(o.string("transport").toUpperCase(Locale.ROOT));
        if (Sipp.executable().isEmpty()) {
            throw new IllegalStateException("sipp is not on the PATH (Debian/Ubuntu: apt-get install sip-tester)");
        }
        try (Scratch work = Scratch.create("switchboard-register-bench", o.bool("keep"));
             SignalingServer server = LocalSignaling.start(work.resolve("data"), Map.of("sip.workers", o.string("workers"),
                     "sip.queue-capacity", "1000000", "sip.per-source-rate", "1000000"), System.out)) {
            System.out.printf("work dir %s%n", work.dir());
            ImportReport imported;
            try (InputStream csv = Files.newInputStream(
                    UserCsv.writeUsers(work.resolve("users.csv"), FIRST_EXTENSION, users))) {
                imported = server.users().importCsv(csv);
            }
            System.out.printf("import: %d users in %d ms (%.0f users/s), %d failed%n", imported.imported(),
                    imported.elapsedMillis(), imported.imported() * 1000.0 / Math.max(1, imported.elapsedMillis()),
                    imported.failed());

            List<Sipp> runs = new ArrayList<>();
            int share = (users + processes - 1) / processes;
            for (int i = 0; i < processes; i++) {
                long first = FIRST_EXTENSION + (long) i * share;
                int count = (int) Math.min(share, FIRST_EXTENSION + users - first);
                if (count <= 0) {
                    break;
                }
                runs.add(Sipp.scenario(SippScenario.REGISTER, server.sipPort(), work.resolve("sipp-" + i))
                        .transport(transport)
                        .injection(UserCsv.writeInjection(work.resolve("inf-" + i + ".csv"), first, count,
                                UserCsv::password))
                        .localPort(Sipp.freeLocalPort(transport))
                        .calls(count)
                        .rate(o.integer("rate"), Duration.ofSeconds(1))
                        .limit(o.integer("limit"))
                        .timeout(Duration.ofSeconds(o.integer("timeout"))));
            }

            long started = System.nanoTime();
            List<SippProcess> storm = runs.stream().map(Sipp::start).toList();
            List<SippResult> results = storm.stream().map(SippProcess::await).toList();
            long wallMillis = (System.nanoTime() - started) / 1_000_000;

            report(users, results, wallMillis, server);
            int settle = o.integer("settle");
            if (settle > 0) {
                // Completed UDP server transactions linger 64*T1 (Timer J, RFC 3261 §17.2.2) holding their messages.
                Thread.sleep(settle * 1000L);
                System.gc();
                System.out.printf("  heap used after GC, %d s later: %d MiB%n", settle, heapMiB());
            }
        }
    }

    private static void report(int users, List<SippResult> results, long wallMillis, SignalingServer server) {
        long ok = 0;
        long failed = 0;
        for (SippResult r : results) {
            ok += r.successful();
            failed += r.failed();
            System.out.printf("  sipp %s: %d ok, %d failed, %d retransmissions, %d ms%s%n",
                    r.workDir().getFileName(), r.successful(), r.failed(), r.stats().retransmissions(),
                    r.stats().elapsedMillis(), r.allSucceeded() ? "" : "  <- " + (r.timedOut() ? "TIMED OUT" : "exit " + r.exitCode()));
        }
        System.out.printf("register storm: %d users with %d SIPp processes%n", users, results.size());
        System.out.printf("  time to register all: %d ms%n", wallMillis);
        System.out.printf("  registrations/s:      %.0f%n", ok * 1000.0 / Math.max(1, wallMillis));
        System.out.printf("  successful: %d, failed: %d, not attempted: %d%n", ok, failed, users - ok - failed);
        System.out.printf("  location().size():    %d (expected %d)%n", server.location().size(), users);
        System.gc();
        System.out.printf("  heap used after GC:   %d MiB (this JVM: server and benchmark)%n", heapMiB());
    }

    private static long heapMiB() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }
}
