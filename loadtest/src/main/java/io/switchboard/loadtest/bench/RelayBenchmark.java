package io.switchboard.loadtest.bench;

import io.switchboard.common.ng.NgClient;
import io.switchboard.loadtest.BenchmarkOptions;
import io.switchboard.loadtest.Scratch;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * RTP relay throughput of one media-server process (docs/ARCHITECTURE.md "SIP transport and RTP relay").
 *
 * <pre>
 * mvn -q -pl loadtest exec:java -Dexec.mainClass=io.switchboard.loadtest.bench.RelayBenchmark \
 *     -Dexec.args="--steps 100,250,500,750,1000,1250,1500,2000 --warmup 2 --measure 10"
 * </pre>
 *
 * Starts a media server in a JVM of its own ({@link MediaProcess}, {@code --event-loops} relay
 * loops, ports 10000-29999, out of any cluster), opens sessions with ng offer/answer (two legs
 * each) and streams G.711-sized RTP both ways through them with {@link RtpGenerator}: 50 packets/s
 * per direction per session, so a session is 100 relayed packets/s. Each step adds sessions up to
 * its count, streams {@code --warmup} s, then measures {@code --measure} s: packets/s relayed, loss,
 * one-way delay percentiles, and the relay's CPU per relayed packet (its process's utime+stime from
 * /proc over the window, divided by the packets that came out of it). The ramp stops at the first
 * step with more than {@code --max-loss} % lost or a p99 above {@code --max-p99} ms. Then
 * {@code --ceiling-sessions} sessions (0 to skip) run once with each session's two
 * legs sending straight to each other: the generator alone, its own ceiling on this machine
 * (run after the relay steps, with the relay stopped).
 * The first step is preceded by {@code --jit} s of unmeasured traffic (the relay's JIT warm-up).
 */
public final class RelayBenchmark {

    private RelayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions o = BenchmarkOptions.parse(args, Map.ofEntries(
                Map.entry("steps", "100,250,500,750,1000,1250,1500,2000,2500,3000"), Map.entry("warmup", "2"),
                Map.entry("measure", "10"), Map.entry("jit", "5"), Map.entry("event-loops", "2"),
                Map.entry("ceiling-sessions", "2000"), Map.entry("max-loss", "0.1"), Map.entry("max-p99", "20"),
                Map.entry("keep", "false"), Map.entry("heap", "512m")));
        int[] steps = Arrays.stream(o.string("steps").split(",")).mapToInt(Integer::parseInt).toArray();
        int maxSessions = Arrays.stream(steps).max().orElseThrow();
        Duration warmup = Duration.ofSeconds(o.integer("warmup"));
        Duration measure = Duration.ofSeconds(o.integer("measure"));
        double maxLoss = Double.parseDouble(o.string("max-loss"));
        double maxP99 = Double.parseDouble(o.string("max-p99"));
        System.out.printf("relay benchmark: steps %s sessions, %d s warm-up + %d s measured per step, "
                        + "172-byte RTP, 50 pps per direction per session, %s relay event loops; good = loss <= %s %%, p99 <= %s ms%n",
                o.string("steps"), warmup.toSeconds(), measure.toSeconds(), o.string("event-loops"), maxLoss, maxP99);
        System.out.printf("machine: %d cores; this JVM's open-file limit %d%n",
                Runtime.getRuntime().availableProcessors(), ProcStats.fdLimit(ProcStats.selfPid()));

        try (Scratch work = Scratch.create("switchboard-relay-bench", o.bool("keep"));
             MediaProcess media = MediaProcess.start("relay", relayKeys(o, work), List.of("-Xmx" + o.string("heap")), 0,
                     work.resolve("media.log"));
             NgClient ng = new NgClient(Duration.ofSeconds(2));
             RtpGenerator gen = new RtpGenerator()) {
            System.out.printf("media server pid %d, ng port %d, log %s%n", media.pid(), media.ngPort(), media.log());
            InetSocketAddress ngAddress = new InetSocketAddress("127.0.0.1", media.ngPort());
            List<String> rows = new ArrayList<>();
            String best = null;
            for (int i = 0; i < steps.length; i++) {
                int sessions = steps[i];
                long t0 = System.nanoTime();
                NgSessions.open(gen, ng, ngAddress, sessions, "relay-bench-");
                System.out.printf("step %d: %d sessions open (%d ms to open), media fds %d%n", i + 1, sessions,
                        (System.nanoTime() - t0) / 1_000_000, ProcStats.openFds(media.pid()));
                Duration stepWarmup = i == 0 ? warmup.plusSeconds(o.integer("jit")) : warmup;
                CpuWindow cpu = new CpuWindow(media.pid());
                Map<String, Double> relayBefore = Prometheus.scrape(media.httpPort(), null);
                Map<String, Long> udpBefore = Prometheus.udpCounters();
                // A collection in the generator's JVM during the window would show up as relay delay.
                System.gc();
                RtpGenerator.Step r = gen.run(sessions, stepWarmup, measure, cpu);
                Map<String, Double> relayAfter = Prometheus.scrape(media.httpPort(), null);
                Map<String, Long> udpAfter = Prometheus.udpCounters();
                double cpuPerPacket = cpu.micros() / (double) Math.max(1, r.received());
                String row = String.format("%6d sessions  offered %7.0f pps  relayed %7.0f pps  loss %7.3f %%  "
                                + "delay p50 %6.2f p99 %6.2f p99.9 %6.2f max %7.2f ms  relay CPU %5.2f us/pkt (%3.0f %% of a core)  "
                                + "gen lag %5.1f ms, send failures %d",
                        sessions, sessions * 100.0, r.receivedPerSecond(), r.lossPercent(), ms(r.delayMicros(), 50),
                        ms(r.delayMicros(), 99), ms(r.delayMicros(), 99.9), r.delayMicros().getMaxValue() / 1000.0,
                        cpuPerPacket, 100.0 * cpu.micros() / r.windowMicros(), r.maxLagMicros() / 1000.0, r.sendFailures());
                System.out.println(row);
                System.out.printf("    whole step incl. warm-up: relay received %.0f RTP, dropped %.0f, socket errors %.0f, "
                                + "sequence gaps %.0f; kernel UDP (whole machine) RcvbufErrors +%d, SndbufErrors +%d%n",
                        delta(relayBefore, relayAfter, "media_rtp_packets_total"), delta(relayBefore, relayAfter, "media_packets_dropped_total"),
                        delta(relayBefore, relayAfter, "media_socket_errors_total"), delta(relayBefore, relayAfter, "media_rtp_sequence_gaps_total"),
                        udpAfter.get("RcvbufErrors") - udpBefore.get("RcvbufErrors"),
                        udpAfter.get("SndbufErrors") - udpBefore.get("SndbufErrors"));
                rows.add(row);
                boolean good = r.lossPercent() <= maxLoss && ms(r.delayMicros(), 99) <= maxP99;
                if (!good) {
                    System.out.printf("  step failed (loss > %s %% or p99 > %s ms)%s: stopping%n", maxLoss, maxP99,
                            r.maxLagMicros() > 20_000 ? "; the generator lagged too, so it may share the blame" : "");
                    break;
                }
                best = String.format("%.0f packets/s relayed at <%s%% loss, p99 %.2f ms = %d sessions; %.2f us CPU per packet",
                        r.receivedPerSecond(), maxLoss, ms(r.delayMicros(), 99), sessions, cpuPerPacket);
                if (!media.alive()) {
                    throw new IllegalStateException("media server died; see " + media.log());
                }
            }
            System.out.println("summary:");
            rows.forEach(row -> System.out.println("  " + row));
            System.out.println("RESULT: " + (best == null ? "no step met the bounds" : best));
        }
        // After the relay steps, so its thousands of closed sockets cannot disturb them.
        int ceilingSessions = o.integer("ceiling-sessions");
        if (ceilingSessions > 0) {
            try (RtpGenerator direct = new RtpGenerator()) {
                for (int s = 0; s < ceilingSessions; s++) {
                    direct.openSession();
                    direct.connectDirect(s);
                }
                RtpGenerator.Step c = direct.run(ceilingSessions, warmup, measure, new NoWindow());
                System.out.printf("generator ceiling (no relay, legs send to each other), %d sessions, offered %.0f pps:%n",
                        ceilingSessions, ceilingSessions * 100.0);
                System.out.printf("  sent %.0f pps, received %.0f pps, loss %.3f %%, p50 %.2f ms, p99 %.2f ms, "
                                + "max tick lag %.1f ms, generator CPU %.2f us per packet sent+received, send failures %d%n",
                        c.sentPerSecond(), c.receivedPerSecond(), c.lossPercent(), ms(c.delayMicros(), 50),
                        ms(c.delayMicros(), 99), c.maxLagMicros() / 1000.0,
                        c.generatorCpuMicros() / (double) Math.max(1, c.sent() + c.received()), c.sendFailures());
            }
        }
    }

    private static Map<String, String> relayKeys(BenchmarkOptions o, Scratch work) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("join", "false");
        keys.put("node.name", "relay-bench");
        keys.put("node.private-address", "127.0.0.1");
        keys.put("media.ng-address", "127.0.0.1");
        keys.put("media.ng-port", "0");
        keys.put("media.rtp-address", "127.0.0.1");
        keys.put("media.port-min", "10000");
        keys.put("media.port-max", "29999");
        keys.put("media.max-sessions", "5000");
        // Sessions opened for a later step sit idle until then.
        keys.put("media.timeout", "1h");
        keys.put("media.event-loops", o.string("event-loops"));
        keys.put("media.http-address", "127.0.0.1");
        keys.put("media.http-port", "0");
        keys.put("metrics.jvm", "false");
        keys.put("data-dir", work.resolve("media-data").toString());
        return keys;
    }



    private static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
        return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    /** The relay process's CPU time over the window. */
    private static final class CpuWindow implements RtpGenerator.Window {
        private final long pid;
        private long start;
        private long end;

        CpuWindow(long pid) {
            this.pid = pid;
        }

        @Override
        public void opened() {
            start = ProcStats.cpuMicros(pid);
        }

        @Override
        public void closed() {
            end = ProcStats.cpuMicros(pid);
        }

        long micros() {
            return end - start;
        }
    }

    private static final class NoWindow implements RtpGenerator.Window {
        @Override
        public void opened() {
        }

        @Override
        public void closed() {
        }
    }
}
