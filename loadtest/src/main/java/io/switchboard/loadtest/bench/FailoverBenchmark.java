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
 * Prints p50/p99/max per kind and the registrations lost. Bounded in count and time; traffic stays on
 * the lab's bridge.
 */
final class FailoverBenchmark {
    static final String NAME = "failover";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FIRST = 4001;

    private FailoverBenchmark() {
    }

    static Map<String, String> defaults(Map<String, String> common) {
        Map<String, String> d = new LinkedHashMap<>(common);
        d.put("phones", "200");
        d.put("kills", "20");
        d.put("freezes", "5");
        return Map.copyOf(d);
    }

    static void run(RunContext c) throws Exception {
        int phones = c.options.integer("phones");
        int kills = c.options.integer("kills");
        int freezes = c.options.integer("freezes");
        HaLab.unavailable().ifPresent(why -> {
            throw new IllegalStateException("the failover benchmark needs the HA lab: " + why);
        });
        c.report.parameters.put("failover.phones", phones);
        c.report.parameters.put("failover.kills", kills);
        c.report.parameters.put("failover.freezes", freezes);
        try (HaLab lab = HaLab.start(c.work.resolve("ha-lab"), Map.of())) {
            lab.addAndRegister(1, FIRST, phones, 0, c.work.resolve("phones"));
            awaitRegistrations(lab, 2, phones, Duration.ofSeconds(20));
            List<Long> killOutages = new ArrayList<>();
            List<Long> freezeOutages = new ArrayList<>();
            int lost = 0;
            try (OptionsProbe probe = new OptionsProbe(HaLab.HOST_ADDRESS, HaLab.VIRTUAL_ADDRESS, HaLab.SIP_PORT,
                    Duration.ofMillis(5), Duration.ofMinutes(10 + kills + freezes))) {
                for (int i = 1; i <= kills + freezes; i++) {
                    c.checkDeadline("failover round " + i);
                    boolean kill = i <= kills;
                    int active = lab.active();
                    int standby = 3 - active;
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
                    lost = Math.max(lost, phones - held);
                    c.terminal.println(String.format(Locale.ROOT, "failover: %s %d of %s: outage %d ms, %d of %d registrations on %s",
                            kill ? "kill -9" : "SIGSTOP", kill ? i : i - kills, HaLab.name(active), outage.toMillis(), held,
                            phones, HaLab.name(standby)));
                    if (kill) {
                        lab.stopSignaling(active);
                        lab.startSignaling(active);
                    }
                    awaitRegistrations(lab, active, phones, Duration.ofSeconds(30)); // the standby is warm again
                }
            }
            summarize(c, "kill", "kill -9 of the active", killOutages);
            summarize(c, "freeze", "SIGSTOP of the active", freezeOutages);
            c.report.figure(NAME, "registrations_lost", lost, "registrations", "most registrations missing on a new active");
            c.terminal.println("failover: registrations lost: " + lost + " of " + phones);
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

    private static int registrations(HaLab lab, int m) throws Exception {
        JsonNode h = JSON.readTree(lab.get(m, "/api/health"));
        return h.path("registrations").asInt();
    }

    private static void awaitRegistrations(HaLab lab, int m, int phones, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (registrations(lab, m) == phones) {
                    return;
                }
            } catch (java.io.IOException e) {
                // still starting
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException(HaLab.name(m) + " does not hold the " + phones + " registrations within "
                        + timeout + "; see " + lab.dir());
            }
            Thread.sleep(100);
        }
    }
}
