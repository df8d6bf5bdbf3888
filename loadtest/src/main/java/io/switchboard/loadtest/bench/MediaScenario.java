package io.switchboard.loadtest.bench;

import io.switchboard.common.ng.NgClient;
import io.switchboard.loadtest.report.Latencies;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code media}: RTP relay packets/s of one media-server process, as {@code bench.RelayBenchmark}
 * measures it: sessions opened by ng offer/answer, G.711-sized RTP (172 bytes) at 50 packets/s per
 * direction from our own batching generator, steps of {@code --media-steps} sessions, each
 * {@code --warmup} + {@code --measure} s, stopping at the first step above 0.1 % loss. Then the
 * generator alone (legs sending to each other, relay stopped): its own ceiling on this machine.
 */
final class MediaScenario {
    static final String NAME = "media";
    static final double MAX_LOSS_PERCENT = 0.1;
    static final double MAX_P99_MS = 20.0;

    private MediaScenario() {
    }

    static void run(RunContext c) throws Exception {
        int[] steps = c.ints("media-steps");
        Duration warmup = Duration.ofSeconds(c.options.integer("warmup"));
        Duration measure = Duration.ofSeconds(c.options.integer("measure"));
        c.report.parameters.put("media.session_steps", c.options.string("media-steps"));
        c.report.parameters.put("media.warmup_seconds", warmup.toSeconds());
        c.report.parameters.put("media.measure_seconds", measure.toSeconds());
        c.report.parameters.put("media.packet_bytes", RtpGenerator.PACKET_BYTES);
        c.report.parameters.put("media.packets_per_second_per_direction", 50);
        c.report.parameters.put("media.max_loss_percent", MAX_LOSS_PERCENT);
        c.report.parameters.put("media.relay_event_loops", c.options.integer("event-loops"));
        // SDES-SRTP on every caller leg: the relay decrypts what callers send and encrypts what they hear.
        boolean srtp = c.options.bool("media-srtp");
        c.report.parameters.put("media.srtp_caller_legs", srtp);
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("join", "false");
        keys.put("node.name", "relay");
        keys.put("node.private-address", "127.0.0.1");
        keys.put("media.ng-address", "127.0.0.1");
        keys.put("media.ng-port", "0");
        keys.put("media.rtp-address", "127.0.0.1");
        keys.put("media.port-min", "10000");
        keys.put("media.port-max", "29999");
        keys.put("media.max-sessions", "5000");
        keys.put("media.timeout", "1h");
        keys.put("media.event-loops", c.options.string("event-loops"));
        keys.put("media.http-address", "127.0.0.1");
        keys.put("media.http-port", "0");
        keys.put("metrics.jvm", "false");
        keys.put("data-dir", c.work.resolve("media-data").toString());
        double bestPps = -1;
        try (MediaProcess media = MediaProcess.start("relay", keys, List.of("-Xmx" + c.options.string("media-heap")), 0,
                c.work.resolve("media.log"));
             NgClient ng = new NgClient(Duration.ofSeconds(2));
             RtpGenerator gen = new RtpGenerator()) {
            c.sampler.process("media relay", media.pid());
            InetSocketAddress ngAddress = new InetSocketAddress("127.0.0.1", media.ngPort());
            for (int i = 0; i < steps.length; i++) {
                int sessions = steps[i];
                c.checkDeadline("media step " + sessions + " sessions");
                NgSessions.open(gen, ng, ngAddress, sessions, "loadtest-media-", srtp);
                Duration stepWarmup = i == 0 ? warmup.plusSeconds(c.options.integer("jit")) : warmup;
                CpuWindow cpu = new CpuWindow(media.pid());
                System.gc();
                RtpGenerator.Step r = timed(c, "media " + sessions + " sessions", stepWarmup.plus(measure),
                        () -> gen.run(sessions, stepWarmup, measure, cpu));
                double t = c.now();
                double p99 = r.delayMicros().getValueAtPercentile(99) / 1000.0;
                double usPerPacket = cpu.micros() / (double) Math.max(1, r.received());
                c.report.point("media-rate", "media: RTP relayed over time (end of each step)", "packets/s", "offered", t, sessions * 100.0);
                c.report.point("media-rate", "media: RTP relayed over time (end of each step)", "packets/s", "relayed", t, r.receivedPerSecond());
                c.report.point("media-failures", "media: loss over time (end of each step)", "% lost", "loss", t, r.lossPercent());
                c.report.point("media-sessions", "media: relay sessions over time", "sessions", "relay", t, sessions);
                c.report.note(String.format((srtp ? "SRTP " : "") + "media step %d sessions: offered %.0f pps, relayed %.0f pps, loss %.3f %%, p50 %.2f p99 %.2f ms, "
                                + "relay CPU %.2f us/packet, generator lag %.1f ms", sessions, sessions * 100.0, r.receivedPerSecond(),
                        r.lossPercent(), r.delayMicros().getValueAtPercentile(50) / 1000.0, p99, usPerPacket, r.maxLagMicros() / 1000.0));
                // The bound: <0.1 % loss AND p99 one-way delay under 20 ms (overload shows as delay first).
                if (r.lossPercent() > MAX_LOSS_PERCENT || p99 >= MAX_P99_MS || !media.alive()) {
                    c.terminal.println(String.format("media: step %d sessions lost %.3f %%, p99 %.1f ms: ramp stops",
                            sessions, r.lossPercent(), p99));
                    break;
                }
                bestPps = r.receivedPerSecond();
                c.report.figure(NAME, "max_pps", r.receivedPerSecond(), "packets/s", "relayed RTP packets/s at <= 0.1 % loss and p99 < 20 ms (highest step)");
                c.report.figure(NAME, "sessions", sessions, "sessions", "relay sessions (two legs each) at max_pps");
                c.report.figure(NAME, "p99_ms", p99, "ms", "one-way delay through the relay, 99th percentile, at max_pps");
                c.report.figure(NAME, "us_per_packet", usPerPacket, "us", "relay process CPU per relayed packet at max_pps");
                c.report.figure(NAME, "loss_pct_at_max", r.lossPercent(), "%", "packets lost at max_pps");
                c.report.latencies.removeIf(l -> l.scenario().equals(NAME));
                c.report.charts.removeIf(ch -> ch.id().equals("media-latency"));
                Latencies.add(c.report, NAME, "RTP one-way delay at max pps", "media-latency",
                        "media: one-way delay percentiles through the relay", r.delayMicros());
            }
        } finally {
            c.sampler.forget("media relay");
        }
        if (bestPps < 0) {
            c.report.note("media: no step met the bound (<= 0.1 % loss, p99 < 20 ms)");
        }
        int ceilingSessions = c.options.integer("ceiling-sessions");
        if (ceilingSessions > 0) {
            c.checkDeadline("generator ceiling");
            try (RtpGenerator direct = new RtpGenerator()) {
                for (int s = 0; s < ceilingSessions; s++) {
                    direct.openSession();
                    direct.connectDirect(s);
                }
                RtpGenerator.Step g = timed(c, "generator ceiling " + ceilingSessions + " sessions", warmup.plus(measure),
                        () -> direct.run(ceilingSessions, warmup, measure, new CpuWindow(ProcStats.selfPid())));
                c.report.figure(NAME, "generator_received_pps", g.receivedPerSecond(), "packets/s",
                        "generator alone (no relay), " + ceilingSessions + " sessions offered " + ceilingSessions * 100 + " pps");
                c.report.figure(NAME, "generator_loss_pct", g.lossPercent(), "%", "generator alone: loss");
                c.report.figure(NAME, "generator_us_per_packet", g.generatorCpuMicros() / (double) Math.max(1, g.sent() + g.received()),
                        "us", "generator thread CPU per packet sent or received");
                c.report.figure(NAME, "generator_max_lag_ms", g.maxLagMicros() / 1000.0, "ms",
                        "generator alone: worst lateness of a 1 ms send slot");
            }
        }
    }

    interface StepBody {
        RtpGenerator.Step run() throws Exception;
    }

    /** Runs a generator step on its own thread while this one draws the progress bar by elapsed time. */
    private static RtpGenerator.Step timed(RunContext c, String label, Duration length, StepBody body) throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            Future<RtpGenerator.Step> f = one.submit(body::run);
            long t0 = System.nanoTime();
            while (!f.isDone()) {
                double done = (System.nanoTime() - t0) / (double) length.toNanos();
                c.terminal.progress(label, Math.min(0.99, done), "");
                Thread.sleep(250);
            }
            c.terminal.progress(label, 1, "");
            return f.get();
        } finally {
            c.terminal.endBar();
            one.shutdownNow();
        }
    }




    /** A process's CPU time over the measurement window. */
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
}
