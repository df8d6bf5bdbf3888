package io.switchboard.loadtest.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * The bench room as this JVM sees it: every participant's node, dialog and phone, in join order.
 *
 * <p>Each step's newcomers fill the nodes in turn up to an even share (on two nodes the first half go
 * to A, the second to B), each INVITEd at its own node's SIP port. Talker {@code t} sits on node
 * {@code t % nodes} (talkers 1 and 3 on A, talker 2 on B), each node's first participants being its
 * talkers and then its probe listener, so each node has a listener that must hear the other node's
 * talkers over the trunks. Every talker is a probe too: none may hear itself.
 */
final class MeetingRoom {
    private final RunContext c;
    private final MeetingNodes nodes;
    private final MeetingParticipants phones;
    private final int talkers;
    private final List<Member> members = new ArrayList<>();
    private final int[] onNode;

    /** One participant: the node it joined, its dialog and phone. */
    private record Member(int node, LoopbackUac.Dialog dialog, MeetingParticipants.Participant phone) {
        boolean answered() {
            return dialog.answered();
        }
    }

    MeetingRoom(RunContext c, MeetingNodes nodes, MeetingParticipants phones, int talkers) {
        this.c = c;
        this.nodes = nodes;
        this.phones = phones;
        this.talkers = talkers;
        this.onNode = new int[nodes.size()];
    }

    /** The node talker {@code t} joins. */
    private int nodeOfTalker(int t) {
        return t % nodes.size();
    }

    /** The tone of the {@code j}-th participant on node {@code k} if it is one of that node's talkers, else -1. */
    private int talkerAt(int k, int j) {
        int seen = 0;
        for (int t = 0; t < talkers; t++) {
            if (nodeOfTalker(t) == k && seen++ == j) {
                return t;
            }
        }
        return -1;
    }

    /** How many talkers node {@code k} holds: its probe listener comes right after them. */
    private int talkersOn(int k) {
        int n = 0;
        for (int t = 0; t < talkers; t++) {
            n += nodeOfTalker(t) == k ? 1 : 0;
        }
        return n;
    }

    /** INVITEs participants up to {@code n} at {@code rate}/s; returns how many are answered, after at most 10 s more. */
    int join(int n, int rate) throws Exception {
        int from = members.size();
        int share = MeetingNodes.perNode(n, nodes.size());
        long gap = 1_000_000_000L / rate;
        long next = System.nanoTime();
        for (int i = from; i < n; i++) {
            int k = 0;
            while (k < nodes.size() - 1 && onNode[k] >= share) {
                k++;
            }
            int j = onNode[k]++;
            int tone = talkerAt(k, j);
            MeetingParticipants.Participant p = phones.open(i, tone, tone >= 0 || j == talkersOn(k));
            LoopbackUac.Dialog d = nodes.get(k).sip().invite(Integer.toString(i), p.port);
            d.answer.thenAccept(rtp -> start(p, rtp));
            members.add(new Member(k, d, p));
            next += gap;
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
            if ((i - from) % Math.max(1, rate / 5) == 0) {
                c.terminal.progress("meeting: joining", (i - from + 1.0) / (n - from), (i + 1) + " of " + n);
            }
        }
        c.terminal.endBar();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (int round = 0; round < 5 && System.nanoTime() < deadline; round++) {
            List<Member> waiting = members.subList(from, members.size()).stream().filter(m -> !m.dialog.answer.isDone()).toList();
            if (waiting.isEmpty()) {
                break;
            }
            Thread.sleep(Math.min(2000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            for (Member m : waiting) {
                if (!m.dialog.answer.isDone()) {
                    nodes.get(m.node).sip().retransmit(m.dialog); // same branch and Call-ID: a lost INVITE or a slow node
                }
            }
        }
        return (int) members.stream().filter(Member::answered).count();
    }

    private void start(MeetingParticipants.Participant p, InetSocketAddress rtp) {
        try {
            phones.start(p, rtp);
        } catch (IOException e) {
            c.report.note("meeting: participant " + p.index + "'s socket could not connect: " + e);
        }
    }

    /** Waits out {@code window} and returns what every node and phone did over it. */
    MeetingWindow measure(int n, int answered, Duration window) throws Exception {
        int count = nodes.size();
        List<TickBuckets> work0 = new ArrayList<>();
        List<TickBuckets> pacing0 = new ArrayList<>();
        long[] cpu0 = new long[count];
        List<Map<String, long[]>> threads0 = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            NodeChild node = nodes.get(k).child();
            work0.add(TickBuckets.scrape(node.httpPort, MeetingBenchmark.TICK));
            pacing0.add(TickBuckets.scrape(node.httpPort, MeetingBenchmark.PACING));
            cpu0[k] = ProcStats.cpuMicros(node.pid());
            threads0.add(ProcStats.threadCpuMicros(node.pid()));
        }
        long[] received0 = phones.received();
        long self0 = ProcStats.cpuMicros(ProcStats.selfPid());
        long machine0 = ProcStats.machineBusyMicros();
        phones.takeMaxLagMs();
        long start = System.nanoTime();
        long end = start + window.toNanos();
        while (System.nanoTime() < end) {
            long left = end - System.nanoTime();
            c.terminal.progress("meeting: " + answered + " in the room", 1 - left / (double) window.toNanos(), "measuring");
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 500_000_000L));
        }
        c.terminal.endBar();
        long[] cpu = new long[count];
        List<Map<String, long[]>> threads = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            long pid = nodes.get(k).child().pid();
            cpu[k] = ProcStats.cpuMicros(pid) - cpu0[k];
            threads.add(ProcStats.threadCpuMicros(pid));
        }
        long self = ProcStats.cpuMicros(ProcStats.selfPid()) - self0;
        long machine = ProcStats.machineBusyMicros() - machine0;
        long[] received1 = phones.received();
        long micros = (System.nanoTime() - start) / 1000;
        double lag = phones.takeMaxLagMs();
        List<Integer> answeredOn = new ArrayList<>();
        List<MeetingWindow.Node> figures = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            final int node = k;
            int in = (int) members.stream().filter(m -> m.node == node && m.answered()).count();
            answeredOn.add(in);
            NodeChild child = nodes.get(k).child();
            TickBuckets work = TickBuckets.scrape(child.httpPort, MeetingBenchmark.TICK).since(work0.get(k));
            TickBuckets pacing = TickBuckets.scrape(child.httpPort, MeetingBenchmark.PACING).since(pacing0.get(k));
            figures.add(new MeetingWindow.Node(work.boundMs(0.99), pacing.boundMs(0.99), work.total(), 100.0 * cpu[k] / micros,
                    cpu[k] / Math.max(1e-9, in * micros / 1e6)));
            c.report.note("meeting step " + n + ": node " + (count == 1 ? "" : nodes.get(k).label() + " ")
                    + "CPU by thread, % of a core (user+system): " + threadShares(threads0.get(k), threads.get(k), micros));
        }
        long sum = 0;
        long min = Long.MAX_VALUE;
        int counted = 0;
        for (int i = 0; i < received1.length; i++) {
            if (members.get(i).answered()) {
                long got = received1[i] - (i < received0.length ? received0[i] : 0);
                sum += got;
                min = Math.min(min, got);
                counted++;
            }
        }
        List<Boolean> hears = new ArrayList<>();
        List<Boolean> hearsOther = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            hears.add(listenerHears(k, false));
            hearsOther.add(count == 1 ? null : listenerHears(k, true));
        }
        return new MeetingWindow(figures, answeredOn, counted == 0 ? 0 : sum / (double) counted, counted == 0 ? 0 : min,
                window.toMillis() / 20, hears, hearsOther, talkersNotSelf(), 100.0 * self / micros, lag, 100.0 * machine / micros);
    }

    /** The node's busiest thread groups over the window, so a step that misses says where the time went. */
    private static String threadShares(Map<String, long[]> before, Map<String, long[]> after, long micros) {
        Map<String, Double> pct = new LinkedHashMap<>();
        after.forEach((name, t) -> {
            long[] b = before.getOrDefault(name, new long[2]);
            pct.put(name, 100.0 * (t[0] + t[1] - b[0] - b[1]) / micros);
        });
        return pct.entrySet().stream().filter(e -> e.getValue() >= 0.5)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /**
     * Whether node {@code k}'s probe listener hears the tone of every talker the room mixes (its
     * loudest three), or with {@code otherNodesOnly} of those on the other nodes; null when the probe
     * or one of those talkers is not in the room, or there is no such talker.
     */
    private Boolean listenerHears(int k, boolean otherNodesOnly) {
        Member probe = null;
        Map<Integer, Member> talking = new LinkedHashMap<>();
        for (Member m : members) {
            if (m.node == k && m.phone.talker < 0 && probe == null) {
                probe = m;
            }
            if (m.phone.talker >= 0) {
                talking.put(m.phone.talker, m);
            }
        }
        if (probe == null || !probe.answered()) {
            return null;
        }
        int checked = 0;
        for (int t = 0; t < Math.min(MeetingBenchmark.MIXED_TALKERS, talkers); t++) {
            if (otherNodesOnly && nodeOfTalker(t) == k) {
                continue;
            }
            Member talker = talking.get(t);
            if (talker == null || !talker.answered()) {
                return null;
            }
            if (!MeetingParticipants.hears(probe.phone, MeetingParticipants.hz(t))) {
                return false;
            }
            checked++;
        }
        return checked == 0 ? null : true;
    }

    /** Every answered talker's mix leaves its own voice out (on two nodes: also none comes back over a trunk). */
    private Boolean talkersNotSelf() {
        Boolean verdict = null;
        for (Member m : members) {
            if (m.phone.talker >= 0 && m.answered()) {
                if (MeetingParticipants.hears(m.phone, MeetingParticipants.hz(m.phone.talker))) {
                    return false;
                }
                verdict = true;
            }
        }
        return verdict;
    }

    /**
     * BYE to every participant still in, 1 ms apart; then each node's sessions gauge must reach 0.
     * Returns what each node's gauge read at the end.
     */
    List<Double> leave() throws Exception {
        long t0 = System.nanoTime();
        int sent = 0;
        for (Member m : members) {
            if (m.answered()) {
                nodes.get(m.node).sip().bye(m.dialog);
                sent++;
                LockSupport.parkNanos(1_000_000);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int ok = 0;
        for (Member m : members) {
            if (!m.answered()) {
                continue;
            }
            try {
                if (m.dialog.byeAnswer.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS) == 200) {
                    ok++;
                }
            } catch (TimeoutException | ExecutionException e) {
                // counted as not answered
            }
        }
        List<Double> left = new ArrayList<>();
        for (MeetingNodes.Node node : nodes.all()) {
            left.add(node.child().alive() ? awaitSessions(node.child().httpPort, Duration.ofSeconds(15)) : -1.0);
        }
        String now = nodes.size() == 1 ? String.format(Locale.ROOT, "node sessions now %.0f%s", left.get(0), left.get(0) == 0 ? "" : " (NOT 0)")
                : nodes.all().stream().map(node -> {
                    double v = left.get(nodes.all().indexOf(node));
                    return String.format(Locale.ROOT, "node %s sessions now %.0f%s", node.label(), v, v == 0 ? "" : " (NOT 0)");
                }).collect(Collectors.joining(", "));
        String line = String.format(Locale.ROOT, "meeting: BYE to %d participants, %d answered 200 in %d ms (%d hung up by the node); %s",
                sent, ok, (System.nanoTime() - t0) / 1_000_000, nodes.endedByNodes(), now);
        c.terminal.println(line);
        c.report.note(line);
        return left;
    }

    private static double awaitSessions(int port, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        double v = sessions(port);
        while (v != 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            v = sessions(port);
        }
        return v;
    }

    private static double sessions(int port) throws IOException, InterruptedException {
        return Prometheus.scrape(port, null).getOrDefault("switchboard_meeting_sessions", -1.0);
    }
}
