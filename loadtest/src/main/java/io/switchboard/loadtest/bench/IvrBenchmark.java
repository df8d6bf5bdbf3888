package io.switchboard.loadtest.bench;

import io.switchboard.loadtest.BenchmarkOptions;
import io.switchboard.loadtest.Scratch;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Concurrent IVR sessions on one IVR node, each playing a prompt and listening for DTMF: how
 * steady the node's 20 ms RTP pacing stays as sessions are added, and what a session costs in CPU.
 *
 * <pre>
 * mvn -q -pl loadtest exec:java -Dexec.mainClass=io.switchboard.loadtest.bench.IvrBenchmark \
 *     -Dexec.args="--steps 50,100,200,400"
 * </pre>
 *
 * The IVR node runs in a JVM of its own ({@link IvrNodeMain}: a Hazelcast data member holding
 * {@code ivr-apps} plus the embedded IVR server with its demo application on 8000, RTP ports
 * 30000-31999, {@code --event-loops} RTP loops), so its /proc CPU time is its own. This JVM plays
 * signaling: from one SIP socket ({@link LoopbackUac}) it sends each session an INVITE for
 * {@code sip:8000@127.0.0.1} whose SDP offers PCMU, telephone-event and rtcp-mux on a socket of its
 * own, ACKs the 200 and later sends BYE; it answers 200 to any BYE the menu sends. One thread receives every session's
 * RTP and records the inter-arrival interval of consecutive RTP packets of a session (RTCP is told
 * apart by payload type and skipped) in an HdrHistogram, in microseconds, plus |interval - 20 ms|.
 * With {@code --caller-audio true} every packet received is answered with a 172-byte PCMU packet, so
 * the node's receive path (jitter buffer, decode) carries a caller's 50 pps too; with
 * {@code --dtmf true} each session sends one RFC 4733 "0" (the demo menu's "repeat": the prompt
 * restarts) in the middle of the window, and the node's digit counter is checked.
 *
 * <p>Each step opens its own sessions ({@code N} INVITEs), streams {@code --warmup} s (plus
 * {@code --jit} s before the first step), measures {@code --measure} s, then BYEs them all and waits
 * for the node's {@code switchboard_ivr_sessions} gauge to read 0: the demo menu hangs up on its own
 * after three timeouts (about 40 s), so sessions are not carried from step to step. Per step:
 * sessions answered, packets received against expected (sessions x window / 20 ms), interval
 * p50/p99/p99.9/max, p99 of |interval - 20 ms|, the node's CPU (utime+stime over the window) as a
 * share of one core and in microseconds per session-second and per packet sent. The ramp stops at
 * the first step whose p99 deviation exceeds {@code --max-dev} ms.
 *
 * <p>What is measured is arrival in this JVM, so this JVM's own scheduling delays count as jitter
 * too: on a small machine the receiving thread competes with the node for cores, which makes the
 * figures an upper bound on the node's send jitter. Loopback only; every socket is closed and the
 * node stopped through its own process handle.
 */
public final class IvrBenchmark {
    private static final long PTIME_NANOS = 20_000_000;

    private IvrBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions o = BenchmarkOptions.parse(args, Map.ofEntries(
                Map.entry("steps", "50,100,200,400,800"), Map.entry("warmup", "3"), Map.entry("measure", "10"),
                Map.entry("jit", "5"), Map.entry("max-dev", "5"), Map.entry("event-loops", "1"),
                Map.entry("caller-audio", "true"), Map.entry("dtmf", "true"), Map.entry("heap", "512m"),
                Map.entry("invite-rate", "400"), Map.entry("keep", "false")));
        int[] steps = Arrays.stream(o.string("steps").split(",")).mapToInt(Integer::parseInt).toArray();
        int most = Arrays.stream(steps).max().orElseThrow();
        if (most > 1000) {
            throw new IllegalArgumentException("at most 1000 sessions: the node's RTP range 30000-31999 holds 1000 port pairs");
        }
        Duration warmup = Duration.ofSeconds(o.integer("warmup"));
        Duration measure = Duration.ofSeconds(o.integer("measure"));
        double maxDev = Double.parseDouble(o.string("max-dev"));
        boolean callerAudio = o.bool("caller-audio");
        boolean dtmf = o.bool("dtmf");
        System.out.printf("IVR benchmark: steps %s sessions of the demo menu (8000), %d s warm-up + %d s measured per step, "
                        + "%s RTP event loop(s), caller audio %s, DTMF %s; good = p99 |interval - 20 ms| <= %s ms%n",
                o.string("steps"), warmup.toSeconds(), measure.toSeconds(), o.string("event-loops"),
                callerAudio ? "50 pps" : "off", dtmf ? "one RFC 4733 '0' per session" : "off", maxDev);
        System.out.printf("machine: %d cores%n", Runtime.getRuntime().availableProcessors());

        try (Scratch work = Scratch.create("switchboard-ivr-bench", o.bool("keep"));
             NodeChild ivr = IvrNodeMain.startChild(nodeKeys(o, work, most), List.of("-Xmx" + o.string("heap")),
                     work.resolve("ivr.log"));
             Sip sip = new Sip(ivr.sipPort);
             Receiver rx = new Receiver(callerAudio)) {
            System.out.printf("IVR node pid %d, SIP udp 127.0.0.1:%d, metrics :%d (%s), log %s%n", ivr.pid(), ivr.sipPort,
                    ivr.httpPort, ivr.readyLine.replaceAll(".*(epoll=\\w+).*", "$1"), ivr.log);
            List<String> rows = new ArrayList<>();
            String best = null;
            for (int i = 0; i < steps.length; i++) {
                int n = steps[i];
                long t0 = System.nanoTime();
                List<Session> sessions = sip.open(i, n, rx, o.integer("invite-rate"));
                long answered = sessions.stream().filter(s -> s.dialog.answered()).count();
                System.out.printf("step %d: %d INVITEs, %d answered, %d refused/unanswered (%d ms to open); node sessions %.0f%n",
                        i + 1, n, answered, n - answered, (System.nanoTime() - t0) / 1_000_000,
                        gauge(ivr.httpPort, "switchboard_ivr_sessions"));
                Duration stepWarmup = i == 0 ? warmup.plusSeconds(o.integer("jit")) : warmup;
                Thread.sleep(stepWarmup.toMillis());
                System.gc();
                Thread.sleep(200);
                double digitsBefore = gauge(ivr.httpPort, "switchboard_ivr_digits_total");
                long endedBefore = sip.endedByIvr();
                long cpu0 = ProcStats.cpuMicros(ivr.pid());
                long self0 = ProcStats.cpuMicros(ProcStats.selfPid());
                long start = System.nanoTime();
                rx.open(start, start + measure.toNanos());
                if (dtmf) {
                    Thread.sleep(measure.toMillis() / 2);
                    for (Session s : sessions) {
                        s.sendDigitZero();
                    }
                }
                long left = start + measure.toNanos() - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.sleep(left);
                }
                long cpu = ProcStats.cpuMicros(ivr.pid()) - cpu0;
                long selfCpu = ProcStats.cpuMicros(ProcStats.selfPid()) - self0;
                long windowMicros = (System.nanoTime() - start) / 1000;
                Thread.sleep(100);
                Window w = rx.closeWindow();
                double digits = gauge(ivr.httpPort, "switchboard_ivr_digits_total") - digitsBefore;
                long endedByIvr = sip.endedByIvr() - endedBefore;
                long expected = answered * (measure.toNanos() / PTIME_NANOS);
                double devP99 = ms(w.deviation, 99);
                double sessionSeconds = answered * windowMicros / 1e6;
                double usPerSessionSecond = cpu / Math.max(1e-9, sessionSeconds);
                String row = String.format(Locale.ROOT, "%4d sessions (%4d answered)  RTP %7d/%7d received (%6.2f %%)  "
                                + "interval p50 %5.2f p99 %6.2f p99.9 %6.2f max %6.2f ms  p99 |dev| %6.2f ms  "
                                + "IVR CPU %5.1f %% of a core = %6.1f us/session-s, %5.2f us/pkt  (bench JVM %4.1f %%)%s",
                        n, answered, w.packets, expected, 100.0 * w.packets / Math.max(1, expected), ms(w.intervals, 50),
                        ms(w.intervals, 99), ms(w.intervals, 99.9), w.intervals.getMaxValue() / 1000.0, devP99,
                        100.0 * cpu / windowMicros, usPerSessionSecond, cpu / (double) Math.max(1, w.packets),
                        100.0 * selfCpu / windowMicros,
                        (dtmf ? String.format(Locale.ROOT, "  digits %.0f/%d", digits, answered) : "")
                                + (endedByIvr > 0 ? "  hung up by menu " + endedByIvr : "")
                                + (w.rtcp > 0 ? "  RTCP " + w.rtcp : ""));
                System.out.println(row);
                rows.add(row);
                long t1 = System.nanoTime();
                int byeOk = sip.byeAll(sessions, rx);
                double left1 = awaitGauge(ivr.httpPort, "switchboard_ivr_sessions", 0, Duration.ofSeconds(15));
                System.out.printf("    BYE: %d of %d answered 200 in %d ms; node sessions now %.0f%n", byeOk, answered,
                        (System.nanoTime() - t1) / 1_000_000, left1);
                if (!ivr.alive()) {
                    throw new IllegalStateException("IVR node died; see " + ivr.log);
                }
                if (answered < n) {
                    System.out.printf("  step failed: %d of %d sessions not answered: stopping%n", n - answered, n);
                    break;
                }
                if (devP99 > maxDev) {
                    System.out.printf("  step failed: p99 |interval - 20 ms| %.2f ms > %s ms: stopping%n", devP99, maxDev);
                    break;
                }
                best = String.format(Locale.ROOT, "IVR pacing holds to %d sessions at p99 jitter %.2f ms; %.1f us CPU per session-second",
                        n, devP99, usPerSessionSecond);
            }
            double finalSessions = awaitGauge(ivr.httpPort, "switchboard_ivr_sessions", 0, Duration.ofSeconds(5));
            System.out.println("summary:");
            rows.forEach(row -> System.out.println("  " + row));
            System.out.printf("IVR node reports %.0f sessions after the last BYE%s%n", finalSessions,
                    finalSessions == 0 ? "" : " (NOT 0)");
            System.out.println("RESULT: " + (best == null ? "no step met the bound" : best));
        }
    }

    private static Map<String, String> nodeKeys(BenchmarkOptions o, Scratch work, int most) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("node.name", "ivr-bench");
        keys.put("node.private-address", "127.0.0.1");
        // A cluster of its own: the node must not join a Switchboard running on this machine.
        keys.put("cluster.name", "ivr-bench-" + ProcessHandle.current().pid());
        keys.put("cluster.bind-address", "127.0.0.1");
        keys.put("cluster.members", "127.0.0.1");
        keys.put("cluster.port", "5951");
        keys.put("ivr.sip-address", "127.0.0.1");
        keys.put("ivr.sip-port", "0");
        keys.put("ivr.rtp-port-min", "30000");
        keys.put("ivr.rtp-port-max", "31999");
        keys.put("ivr.max-sessions", Integer.toString(Math.max(most, 1000)));
        keys.put("ivr.http-address", "127.0.0.1");
        keys.put("ivr.http-port", "0");
        keys.put("ivr.event-loops", o.string("event-loops"));
        keys.put("ivr.demo", "true");
        keys.put("metrics.jvm", "false");
        keys.put("data-dir", work.resolve("ivr-data").toString());
        return keys;
    }

    private static double gauge(int port, String name) throws IOException, InterruptedException {
        return Prometheus.scrape(port, null).getOrDefault(name, -1.0);
    }

    private static double awaitGauge(int port, String name, double want, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        double v = gauge(port, name);
        while (v != want && System.nanoTime() < deadline) {
            Thread.sleep(200);
            v = gauge(port, name);
        }
        return v;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    /** One caller: its RTP socket and its SIP dialog. */
    static final class Session {
        final DatagramChannel rtp;
        final LoopbackUac.Dialog dialog;
        volatile boolean ended;
        long lastArrival;
        private final ByteBuffer out = ByteBuffer.allocateDirect(172);
        private int seq;
        private long timestamp;
        private final int ssrc;

        /** Opens the RTP socket and sends the INVITE offering it. */
        Session(int step, int index, LoopbackUac sip) throws IOException {
            this.ssrc = 0x5000_0000 + step * 10_000 + index;
            this.rtp = DatagramChannel.open();
            rtp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            rtp.configureBlocking(false);
            this.dialog = sip.invite(step + "-" + index, ((InetSocketAddress) rtp.getLocalAddress()).getPort());
        }

        /** The IVR node's RTP address once answered, else null. */
        InetSocketAddress ivrRtp() {
            return dialog.nodeRtp();
        }

        /** One 160-byte PCMU frame of silence, the caller's audio. */
        synchronized void sendAudio() {
            InetSocketAddress to = ivrRtp();
            if (to == null || ended || dialog.endedByNode) {
                return;
            }
            out.clear();
            header(0, false);
            for (int i = 0; i < 160; i++) {
                out.put((byte) 0xff);
            }
            timestamp += 160;
            send(to);
        }

        /** RFC 4733 event 0: the start packet and the end packet three times, all with one timestamp. */
        synchronized void sendDigitZero() {
            InetSocketAddress to = ivrRtp();
            if (to == null || ended || dialog.endedByNode) {
                return;
            }
            for (int p = 0; p < 4; p++) {
                out.clear();
                header(101, p == 0);
                out.put((byte) 0);
                out.put((byte) (p == 0 ? 10 : 0x80 | 10));
                out.putShort((short) (p == 0 ? 160 : 800));
                send(to);
            }
            timestamp += 800;
        }

        private void header(int pt, boolean marker) {
            out.put((byte) 0x80);
            out.put((byte) ((marker ? 0x80 : 0) | pt));
            out.putShort((short) seq++);
            out.putInt((int) timestamp);
            out.putInt(ssrc);
        }

        private void send(InetSocketAddress to) {
            out.flip();
            try {
                rtp.send(out, to);
            } catch (IOException e) {
                // A closed socket at BYE time: nothing to send any more.
            }
        }
    }

    /** What the receiver saw in one measurement window. */
    record Window(Histogram intervals, Histogram deviation, long packets, long rtcp) {
    }

    /**
     * One thread receiving every session's RTP: the interval between consecutive packets of a
     * session, recorded when both arrived inside the window, and (caller audio) one packet back per packet.
     */
    static final class Receiver implements AutoCloseable, Runnable {
        private final Selector selector = Selector.open();
        private final ConcurrentLinkedQueue<Session> added = new ConcurrentLinkedQueue<>();
        private final ByteBuffer in = ByteBuffer.allocateDirect(2048);
        private final boolean echo;
        private final Thread thread = new Thread(this, "ivr-bench-rtp");
        private volatile boolean running = true;
        private volatile long windowStart = Long.MAX_VALUE;
        private volatile long windowEnd = Long.MIN_VALUE;
        private volatile Histogram intervals = new Histogram(10_000_000, 3);
        private volatile Histogram deviation = new Histogram(10_000_000, 3);
        private long packets;
        private long rtcp;

        Receiver(boolean echo) throws IOException {
            this.echo = echo;
            thread.setDaemon(true);
            thread.start();
        }

        void add(Session s) {
            added.add(s);
            selector.wakeup();
        }

        void open(long start, long end) {
            intervals = new Histogram(10_000_000, 3);
            deviation = new Histogram(10_000_000, 3);
            packets = 0;
            rtcp = 0;
            windowEnd = end;
            windowStart = start;
        }

        /** Called after the window's end (plus a margin): the thread no longer records into it. */
        Window closeWindow() {
            Window w = new Window(intervals, deviation, packets, rtcp);
            windowStart = Long.MAX_VALUE;
            return w;
        }

        @Override
        public void run() {
            while (running) {
                try {
                    selector.select(5);
                    for (Session s; (s = added.poll()) != null; ) {
                        try {
                            s.rtp.register(selector, SelectionKey.OP_READ, s);
                        } catch (ClosedChannelException e) {
                            // Closed before it was registered.
                        }
                    }
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey key = it.next();
                        it.remove();
                        if (key.isValid()) {
                            drain((Session) key.attachment());
                        }
                    }
                } catch (IOException | java.nio.channels.CancelledKeyException e) {
                    // A session closed under the select: the next round skips it.
                }
            }
        }

        private void drain(Session s) throws IOException {
            for (int i = 0; i < 16; i++) {
                in.clear();
                if (s.rtp.receive(in) == null) {
                    return;
                }
                long now = System.nanoTime();
                if (in.position() < 12) {
                    continue;
                }
                int second = in.get(1) & 0xff;
                if (second >= 200 && second <= 204) {
                    if (now >= windowStart && now < windowEnd) {
                        rtcp++;
                    }
                    continue;
                }
                long last = s.lastArrival;
                s.lastArrival = now;
                if (now >= windowStart && now < windowEnd) {
                    packets++;
                    if (last >= windowStart) {
                        long micros = (now - last) / 1000;
                        intervals.recordValue(Math.min(micros, 10_000_000));
                        deviation.recordValue(Math.min(Math.abs(micros - PTIME_NANOS / 1000), 10_000_000));
                    }
                }
                if (echo) {
                    s.sendAudio();
                }
            }
        }

        @Override
        public void close() throws IOException {
            running = false;
            selector.wakeup();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            selector.close();
        }
    }

    /** The signaling side: the sessions' INVITEs at a steady rate, with retransmissions, and their BYEs. */
    static final class Sip implements AutoCloseable {
        private final LoopbackUac uac;

        Sip(int ivrPort) throws IOException {
            uac = new LoopbackUac("ivr-bench", ivrPort, "8000");
        }

        /** Sessions the IVR menu hung up itself. */
        long endedByIvr() {
            return uac.endedByNode.get();
        }

        /** INVITEs {@code n} new sessions at {@code rate} per second; returns once each is answered or 10 s have passed. */
        List<Session> open(int step, int n, Receiver rx, int rate) throws Exception {
            List<Session> sessions = new ArrayList<>();
            long gap = 1_000_000_000L / Math.max(1, rate);
            long next = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Session s = new Session(step, i, uac);
                sessions.add(s);
                rx.add(s);
                next += gap;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (int round = 0; round < 5; round++) {
                for (Session s : sessions) {
                    try {
                        s.dialog.answer.get(Math.max(1, Math.min(2_000_000_000L, deadline - System.nanoTime())), TimeUnit.NANOSECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        break;
                    } catch (java.util.concurrent.ExecutionException e) {
                        // Refused: counted as unanswered.
                    }
                }
                boolean waiting = false;
                for (Session s : sessions) {
                    if (!s.dialog.answer.isDone()) {
                        waiting = true;
                        uac.retransmit(s.dialog);
                    }
                }
                if (!waiting || System.nanoTime() > deadline) {
                    break;
                }
            }
            return sessions;
        }

        /** BYEs every answered session, waits up to 10 s for the 200s, closes the sockets; returns the 200s seen. */
        int byeAll(List<Session> sessions, Receiver rx) throws Exception {
            for (Session s : sessions) {
                if (uac.bye(s.dialog)) {
                    LockSupport.parkNanos(1_000_000);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int ok = 0;
            for (Session s : sessions) {
                if (!s.dialog.answered()) {
                    continue;
                }
                try {
                    if (s.dialog.byeAnswer.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS) == 200) {
                        ok++;
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    // Counted as not answered.
                }
            }
            for (Session s : sessions) {
                s.ended = true;
                synchronized (s) {
                    s.rtp.close();
                }
                uac.forget(s.dialog);
            }
            return ok;
        }

        @Override
        public void close() throws IOException {
            uac.close();
        }
    }
}
