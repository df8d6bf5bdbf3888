package io.switchboard.loadtest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.loadtest.lab.HaLab;
import io.switchboard.loadtest.lab.OptionsProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code switchboard loadtest failover}: the signaling HA pair ({@link HaLab}: real keepalived, the
 * watchdog, two signaling JVMs in network namespaces) with {@code --phones} registered through the
 * virtual IP by SIPp, then {@code --kills} kill -9 of whichever member is active (the killed one is
 * started again and rejoins as standby before the next) and {@code --freezes} SIGSTOPs (thawed after
 * the switch). The outage of each is the time from the signal to the first 200 to an OPTIONS sent to
 * the virtual IP after it (one every 5 ms); after each, every registration must be on the new active.
 * In every round {@code --calls} calls with RTP through a media node are up at the signal and hung up
 * by their callers after it: a call whose BYE is not answered by the new active is lost, and the CDRs
 * are counted against the calls placed (lost or duplicated). Then {@code --partitions} cuts of the
 * pair's link: the time until one member alone holds the virtual IP, and until the cut-off member is
 * back as standby once the link returns. Prints p50/p99/max per kind, registrations, calls and CDRs
 * lost. Bounded in count and time; traffic stays on the lab's bridge.
 */
final class FailoverBenchmark {
    static final String NAME = "failover";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FIRST = 4001;
    private static final String CALLEE = "4999";
    private static final String RELAY_PORTS = "46[0-3][0-9]{2}";

    private FailoverBenchmark() {
    }

    static Map<String, String> defaults(Map<String, String> common) {
        Map<String, String> d = new LinkedHashMap<>(common);
        d.put("phones", "200");
        d.put("kills", "20");
        d.put("freezes", "5");
        d.put("calls", "20");
        d.put("partitions", "1");
        return Map.copyOf(d);
    }

    static void run(RunContext c) throws Exception {
        int phones = c.options.integer("phones");
        int kills = c.options.integer("kills");
        int freezes = c.options.integer("freezes");
        int calls = c.options.integer("calls");
        int partitions = c.options.integer("partitions");
        if (calls > phones) {
            throw new IllegalArgumentException("--calls " + calls + " needs as many phones, --phones is " + phones);
        }
        HaLab.unavailable().ifPresent(why -> {
            throw new IllegalStateException("the failover benchmark needs the HA lab: " + why);
        });
        c.report.parameters.put("failover.phones", phones);
        c.report.parameters.put("failover.kills", kills);
        c.report.parameters.put("failover.freezes", freezes);
        c.report.parameters.put("failover.calls", calls);
        c.report.parameters.put("failover.partitions", partitions);
        try (HaLab lab = HaLab.start(c.work.resolve("ha-lab"), Map.of())) {
            lab.addAndRegister(1, FIRST, phones, 0, c.work.resolve("phones"));
            int calleePort = 0;
            if (calls > 0) {
                lab.post(1, "/api/servers", "application/json",
                        "{\"name\":\"media-1\",\"type\":\"media\",\"privateAddress\":\"" + HaLab.HOST_ADDRESS + "\"}");
                lab.startMedia("media-1", 46000, 46399);
                calleePort = io.switchboard.loadtest.Sipp.freeLocalPort(io.switchboard.loadtest.SippTransport.UDP);
                lab.addAndRegister(1, Long.parseLong(CALLEE), 1, calleePort, c.work.resolve("callee"));
            }
            int registered = phones + (calls > 0 ? 1 : 0);
            awaitRegistrations(lab, 2, registered, Duration.ofSeconds(20));
            List<Long> killOutages = new ArrayList<>();
            List<Long> freezeOutages = new ArrayList<>();
            int lost = 0;
            int callsLost = 0;
            int callsPlaced = 0;
            try (OptionsProbe probe = new OptionsProbe(HaLab.HOST_ADDRESS, HaLab.VIRTUAL_ADDRESS, HaLab.SIP_PORT,
                    Duration.ofMillis(5), Duration.ofMinutes(10 + kills + freezes))) {
                for (int i = 1; i <= kills + freezes; i++) {
                    c.checkDeadline("failover round " + i);
                    boolean kill = i <= kills;
                    int active = lab.active();
                    int standby = 3 - active;
                    HaLab.CallBatch batch = null;
                    if (calls > 0) {
                        batch = HaLab.startCalls(FIRST, calls, CALLEE, calleePort, Duration.ofSeconds(3), RELAY_PORTS,
                                c.work.resolve("calls-" + i));
                        awaitAnswered(lab, active, calls, Duration.ofSeconds(20));
                        callsPlaced += calls;
                    }
                    long at = kill ? lab.kill(active) : lab.signal(active, "STOP");
                    Duration outage;
                    try {
                        outage = probe.outageSince(at, Duration.ofSeconds(15)).orElseThrow(() -> new IllegalStateException(
                                "the virtual IP did not answer within 15 s; see " + lab.dir()));
                    } finally {
                        if (!kill) {
                            lab.signal(active, "CONT");
                        }
                    }
                    (kill ? killOutages : freezeOutages).add(outage.toMillis());
                    int held = registrations(lab, standby);
                    lost = Math.max(lost, registered - held);
                    int roundLost = 0;
                    if (batch != null) {
                        io.switchboard.loadtest.SippResult ended = batch.await().get(0);
                        roundLost = (int) (calls - ended.stats().successful());
                        callsLost += roundLost;
                    }
                    c.terminal.println(String.format(Locale.ROOT,
                            "failover: %s %d of %s: outage %d ms, %d of %d registrations on %s, %d of %d calls lost",
                            kill ? "kill -9" : "SIGSTOP", kill ? i : i - kills, HaLab.name(active), outage.toMillis(), held,
                            registered, HaLab.name(standby), roundLost, calls));
                    if (kill) {
                        lab.stopSignaling(active);
                        lab.startSignaling(active);
                    }
                    awaitRegistrations(lab, active, registered, Duration.ofSeconds(30)); // the standby is warm again
                }
            }
            if (calls > 0) {
                int cdrs = cdrTotal(lab, lab.active(), Duration.ofSeconds(20), callsPlaced);
                c.report.figure(NAME, "calls_lost", callsLost, "calls", "calls up at a switch whose BYE was not answered");
                c.report.figure(NAME, "cdrs_lost", Math.max(0, callsPlaced - cdrs), "CDRs", "calls placed without a CDR");
                c.report.figure(NAME, "cdrs_duplicated", Math.max(0, cdrs - callsPlaced), "CDRs", "CDRs beyond one per call");
                c.terminal.println(String.format(Locale.ROOT, "failover: calls lost: %d of %d; CDRs: %d for %d calls "
                        + "(%d lost, %d duplicated)", callsLost, callsPlaced, cdrs, callsPlaced, Math.max(0, callsPlaced - cdrs),
                        Math.max(0, cdrs - callsPlaced)));
            }
            for (int p = 1; p <= partitions; p++) {
                c.checkDeadline("partition " + p);
                partition(c, lab, p);
            }
            summarize(c, "kill", "kill -9 of the active", killOutages);
            summarize(c, "freeze", "SIGSTOP of the active", freezeOutages);
            c.report.figure(NAME, "registrations_lost", lost, "registrations", "most registrations missing on a new active");
            c.terminal.println("failover: registrations lost: " + lost + " of " + registered);
        }
    }

    private static void summarize(RunContext c, String key, String what, List<Long> outages) {
        if (outages.isEmpty()) {
            return;
        }
        List<Long> sorted = new ArrayList<>(outages);
        Collections.sort(sorted);
        long p50 = sorted.get((sorted.size() - 1) / 2);
        long p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
        long max = sorted.get(sorted.size() - 1);
        c.report.figure(NAME, key + "_outage_p50_ms", p50, "ms", what + ": outage p50 over " + sorted.size());
        c.report.figure(NAME, key + "_outage_p99_ms", p99, "ms", what + ": outage p99");
        c.report.figure(NAME, key + "_outage_max_ms", max, "ms", what + ": outage max");
        c.terminal.println(String.format(Locale.ROOT, "failover: %s, %d times: outage p50 %d ms, p99 %d ms, max %d ms",
                what, sorted.size(), p50, p99, max));
    }

    /**
     * Cuts the pair's link (both still reach this host): both take the virtual IP, and the cut-off side
     * steps down once the cluster has settled the split. Prints how long two members held it, and how
     * long after the link returned the cut-off member was a fit standby again.
     */
    private static void partition(RunContext c, HaLab lab, int p) throws Exception {
        int active = lab.active();
        long cut = System.nanoTime();
        lab.partition();
        long settled;
        int survivor;
        try {
            settled = awaitNanos(() -> lab.unfitMembers() == 1 && lab.holders() == 1, Duration.ofSeconds(60), "one active");
            survivor = lab.active();
        } finally {
            lab.heal();
        }
        long healed = System.nanoTime();
        awaitNanos(() -> lab.unfitMembers() == 0 && lab.health(3 - survivor).path("clusterMembers").asInt() == 3,
                Duration.ofSeconds(60), "the cut-off member back");
        long back = System.nanoTime();
        boolean failBack = lab.active() != survivor;
        c.report.figure(NAME, "partition_two_actives_ms", (settled - cut) / 1_000_000, "ms",
                "a cut of the pair's link: until one member alone holds the virtual IP");
        c.report.figure(NAME, "partition_merge_ms", (back - healed) / 1_000_000, "ms",
                "the link back: until the cut-off member is a fit standby again");
        c.terminal.println(String.format(Locale.ROOT, "failover: partition %d (active %s): one active (%s) %d ms after the "
                + "cut; the other back as standby %d ms after the link returned; %s", p, HaLab.name(active),
                HaLab.name(survivor), (settled - cut) / 1_000_000, (back - healed) / 1_000_000,
                failBack ? "FAIL-BACK: the address moved at the merge" : "no fail-back"));
    }

    /** Waits until {@code done}; returns System.nanoTime() when it first held. */
    private static long awaitNanos(java.util.concurrent.Callable<Boolean> done, Duration timeout, String what) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (done.call()) {
                    return System.nanoTime();
                }
            } catch (java.io.IOException e) {
                // a member busy merging: ask again
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("not reached within " + timeout + ": " + what);
            }
            Thread.sleep(50);
        }
    }

    private static void awaitAnswered(HaLab lab, int m, int calls, Duration timeout) throws Exception {
        awaitNanos(() -> {
            int answered = 0;
            for (JsonNode call : JSON.readTree(lab.get(m, "/api/calls")).path("items")) {
                answered += "ANSWERED".equals(call.path("state").asText()) ? 1 : 0;
            }
            return answered == calls;
        }, timeout, calls + " answered calls on " + HaLab.name(m));
        Thread.sleep(200); // call records reach the cluster every 50 ms
    }

    /** The CDRs of calls to the callee, once they stop growing towards {@code expected} (CDRs are written in batches). */
    private static int cdrTotal(HaLab lab, int m, Duration timeout, int expected) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        int total;
        do {
            total = JSON.readTree(lab.get(m, "/api/cdrs?ext=" + CALLEE + "&limit=1")).path("total").asInt();
            if (total >= expected) {
                Thread.sleep(1000); // a duplicate would come in the same batches
                return JSON.readTree(lab.get(m, "/api/cdrs?ext=" + CALLEE + "&limit=1")).path("total").asInt();
            }
            Thread.sleep(200);
        } while (System.nanoTime() < end);
        return total;
    }

    private static int registrations(HaLab lab, int m) throws Exception {
        return lab.health(m).path("registrations").asInt();
    }

    private static void awaitRegistrations(HaLab lab, int m, int phones, Duration timeout) throws Exception {
        awaitNanos(() -> registrations(lab, m) == phones, timeout,
                HaLab.name(m) + " holding the " + phones + " registrations; see " + lab.dir());
    }
}
