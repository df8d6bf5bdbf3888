package io.switchboard.loadtest.bench;

import io.switchboard.loadtest.peer.PeerResult;
import io.switchboard.loadtest.peer.Peers;
import io.switchboard.loadtest.report.Report;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code --compare}: the same scenario against Kamailio (register, calls) or rtpengine (media)
 * through {@link Peers}, each figure put beside Switchboard's with the ratio Switchboard / peer
 * (above 1 is better for rates, below 1 for times, failures and CPU). Every call into the peer
 * package is in this class.
 */
final class Comparison {
    private static final List<String> REGISTER = List.of("registrations_per_s", "time_to_register_ms", "failed", "cpu_us_per_registration");
    private static final List<String> CALLS = List.of("max_cps", "failed_pct_at_max", "setup_p99_ms");
    private static final List<String> MEDIA = List.of("max_pps", "sessions", "p99_ms", "us_per_packet");

    private Comparison() {
    }

    static void run(RunContext c, String scenario) {
        try {
            PeerResult peer;
            List<String> names;
            switch (scenario) {
                case RegisterScenario.NAME -> {
                    if (!Peers.kamailioInstalled()) {
                        c.report.note("compare register: kamailio is not installed");
                        return;
                    }
                    c.terminal.println("compare: register storm against Kamailio ...");
                    peer = Peers.kamailioRegister(c.options.integer("users"), c.options.integer("sipp"),
                            Duration.ofSeconds(Math.min(c.secondsLeft(), c.options.integer("storm-timeout"))));
                    names = REGISTER;
                    if (c.options.integer("storm-rate") != 3000) {
                        c.report.note("compare register: Kamailio's storm sends 3000/s per SIPp; Switchboard's sent --storm-rate "
                                + c.options.string("storm-rate") + "/s, so the rates are not like for like");
                    }
                }
                case CallsScenario.NAME -> {
                    if (!Peers.kamailioInstalled()) {
                        c.report.note("compare calls: kamailio is not installed");
                        return;
                    }
                    c.terminal.println("compare: call rate ramp against Kamailio ...");
                    Duration step = Duration.ofSeconds(c.options.integer("seconds"));
                    add(c.report, scenario, Peers.kamailioCalls(c.ints("rates"), step), CALLS);
                    if (!Peers.rtpengineInstalled()) {
                        c.report.note("compare calls: rtpengine is not installed, so no Kamailio + rtpengine run");
                        return;
                    }
                    // The like-for-like peer: media allocated per call, as Switchboard's B2BUA does.
                    c.terminal.println("compare: call rate ramp against Kamailio + rtpengine ...");
                    peer = Peers.kamailioRtpengineCalls(c.ints("rates"), step);
                    names = CALLS;
                }
                case MediaScenario.NAME -> {
                    if (!Peers.rtpengineInstalled()) {
                        c.report.note("compare media: rtpengine is not installed");
                        return;
                    }
                    c.terminal.println("compare: relay steps against rtpengine ...");
                    // rtpengine.conf's port range holds at most Peers.RTPENGINE_MAX_SESSIONS sessions.
                    peer = Peers.rtpengineMedia(java.util.Arrays.stream(c.ints("media-steps"))
                                    .filter(n -> n <= Peers.RTPENGINE_MAX_SESSIONS).toArray(),
                            Duration.ofSeconds(c.options.integer("warmup") + c.options.integer("measure")), c.options.bool("media-srtp"));
                    names = MEDIA;
                }
                default -> {
                    c.report.note("compare: no peer for scenario " + scenario);
                    return;
                }
            }
            add(c.report, scenario, peer, names);
        } catch (Exception | LinkageError e) {
            c.report.note("compare " + scenario + " failed: " + e);
            c.terminal.println("compare " + scenario + " failed: " + e);
        }
    }

    /** Puts each named figure beside the peer's, and the peer's series into charts of their own. */
    static void add(Report report, String scenario, PeerResult peer, List<String> names) {
        for (String name : names) {
            Double mine = report.value(scenario, name);
            Double theirs = peer.figures() == null ? null : peer.figures().get(name);
            String unit = report.figures.stream().filter(f -> f.scenario().equals(scenario) && f.name().equals(name))
                    .map(Report.Figure::unit).findFirst().orElse("");
            Double ratio = mine != null && theirs != null && theirs != 0 ? mine / theirs : null;
            synchronized (report) {
                report.comparisons.add(new Report.Comparison(scenario, name, unit, mine,
                        peer.peer(), peer.version(), theirs, ratio));
            }
        }
        if (peer.series() != null) {
            for (Map.Entry<String, List<double[]>> e : peer.series().entrySet()) {
                for (double[] p : e.getValue()) {
                    report.point(scenario + "-peer-" + e.getKey(), scenario + ": " + peer.peer() + " " + e.getKey()
                            + " over time (its own run)", e.getKey(), peer.peer(), p[0], p[1]);
                }
            }
        }
    }
}
