package io.switchboard.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report generator on recorded SIPp 3.6.1 files (src/test/resources/sipp-stat/): a REGISTER
 * step at 100/s (one of two SIPp processes, 100 registrations), a call step at 20 calls/s (60
 * calls, INVITE->200 timer) and OPTIONS to a closed port (2 failures, 2 retransmissions).
 */
class ReportGeneratorTest {
    private static final double REGISTER_START = 1795627842.0;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(ReportGeneratorTest.class.getResource("/sipp-stat/" + name).toURI());
    }

    @Test
    void everyStatLineBecomesARowWithItsPeriodRate() throws Exception {
        List<SippStatSeries.Row> rows = SippStatSeries.read(fixture("register-100/stat.csv"));

        assertThat(rows).hasSize(5);
        SippStatSeries.Row second = rows.get(1);
        assertThat(second.successful()).isEqualTo(49);
        assertThat(second.spanSeconds()).isCloseTo(1.0, within(0.01));
        assertThat(second.successfulPerSecond()).isCloseTo(49.0, within(0.5));
        // SIPp's lines at exit cover a few microseconds: no rate from them.
        assertThat(rows.get(4).hasRate()).isFalse();
        assertThat(rows.get(4).totalSuccessful()).isEqualTo(100);
        assertThat(rows.get(4).totalFailed()).isZero();

        List<SippStatSeries.Row> failing = SippStatSeries.read(fixture("options-no-server.csv"));
        assertThat(failing.get(failing.size() - 1).totalFailed()).isEqualTo(2);
        assertThat(failing.stream().mapToLong(SippStatSeries.Row::failed).sum()).isEqualTo(2);
        assertThat(SippStatSeries.read(Path.of("missing.csv"))).isEmpty();
    }

    @Test
    void rateAndFailureChartsAreSummedPerSecondOfTheRun() throws Exception {
        Report r = new Report();
        SippStatSeries.addTo(r, "register", "registrations", REGISTER_START, List.of(fixture("register-100/stat.csv")));

        Report.Chart rate = r.chart("register-rate", "", "", Report.Axis.TIME);
        assertThat(rate.series()).extracting(Report.Series::name).containsExactly("attempted", "successful");
        double total = 0;
        for (double[] p : rate.series().get(1).points()) {
            // one point a second: the rate over that period times its length (1 s) adds up to the calls
            total += p[1];
            assertThat(p[0]).isBetween(0.0, 10.0);
        }
        assertThat(total).isCloseTo(100, within(3.0));
        assertThat(r.chart("register-failures", "", "", Report.Axis.TIME).series())
                .extracting(Report.Series::name).containsExactly("failed registrations", "retransmissions");
    }

    @Test
    void rttFilesGiveHdrHistogramPercentiles() throws Exception {
        Histogram register = Latencies.readSippRtt(fixture("register-100"), Latencies.histogram());
        Histogram calls = Latencies.readSippRtt(fixture("calls-20"), Latencies.histogram());
        assertThat(register.getTotalCount()).isEqualTo(100);
        assertThat(calls.getTotalCount()).isEqualTo(60);

        Report r = new Report();
        Latencies.add(r, "calls", "INVITE->200", "calls-latency", "setup", calls);
        Report.Latency l = r.latencies.get(0);
        assertThat(l.count()).isEqualTo(60);
        assertThat(l.percentilesMs()).containsKeys("min", "p50", "p90", "p99", "p99.9", "max");
        assertThat(l.percentilesMs().get("p50")).isLessThanOrEqualTo(l.percentilesMs().get("p99"));
        assertThat(l.percentilesMs().get("max")).isCloseTo(calls.getMaxValue() / 1000.0, within(0.1));
        List<double[]> curve = r.charts.get(0).series().get(0).points();
        assertThat(curve).hasSize(Latencies.PERCENTILES.length);
        assertThat(curve.get(curve.size() - 1)[0]).isEqualTo(5.0);
        assertThat(Latencies.percentileX(99)).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void reportFromRecordedFilesIsWrittenAsJsonAndOfflineHtml(@TempDir Path dir) throws Exception {
        Report r = sample();

        r.write(dir);

        JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("report.json")));
        assertThat(json.path("figures").get(0).path("unit").asText()).isEqualTo("registrations/s");
        assertThat(json.path("machine").path("cores").asInt()).isPositive();
        assertThat(json.path("machine").path("versions").path("switchboard").asText()).isNotEmpty();
        assertThat(json.path("parameters").path("register.users").asInt()).isEqualTo(200);
        assertThat(json.path("comparisons").get(0).path("ratio").asDouble()).isCloseTo(0.5, within(1e-9));
        Report back = Report.fromJson(Files.readString(dir.resolve("report.json")));
        assertThat(back.charts).extracting(Report.Chart::id).containsExactly("register-rate", "register-failures",
                "calls-rate", "calls-failures", "register-latency", "calls-latency", "cpu");
        assertThat(back.charts.get(0).series().get(0).points()).isNotEmpty();

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(count(html, "<svg")).isEqualTo(7);
        assertThat(count(html, "<polyline")).isGreaterThanOrEqualTo(9);
        assertThat(html).contains("registrations_per_s", "kamailio 5.7", "0.50", "INVITE-&gt;200", "99.9%",
                "seconds since start", "Intel &amp; friends");
        assertThat(html).doesNotContain("<script", "src=", "href=", "url(", "@import", "NaN");
        // every polyline point lies inside its 760-wide chart
        Matcher m = Pattern.compile("points=\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            for (String p : m.group(1).split(" ")) {
                double x = Double.parseDouble(p.split(",")[0]);
                double y = Double.parseDouble(p.split(",")[1]);
                assertThat(x).isBetween(0.0, 760.0);
                assertThat(y).isBetween(0.0, 280.0);
            }
        }
    }

    @Test
    void terminalShowsABarAndASummaryTable() {
        assertThat(TerminalSummary.bar("register 100/s", 0.5, "ok 50"))
                .isEqualTo("[###############...............]  50% register 100/s  ok 50");
        assertThat(TerminalSummary.bar("x", 2, "")).startsWith("[" + "#".repeat(30) + "] 100% x");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TerminalSummary t = new TerminalSummary(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        t.progress("calls 20/s", 0.25, "");
        t.summary(sample());
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith("\r[########").contains("registrations_per_s", "196", "kamailio", "0.50");
    }

    @Test
    void axesUseRoundNumbers() {
        assertThat(HtmlReport.niceCeiling(0)).isEqualTo(1);
        assertThat(HtmlReport.niceCeiling(87)).isEqualTo(100);
        assertThat(HtmlReport.niceCeiling(101)).isEqualTo(200);
        assertThat(HtmlReport.niceCeiling(0.03)).isCloseTo(0.05, within(1e-12));
        assertThat(HtmlReport.num(1234)).isEqualTo("1,234");
        assertThat(HtmlReport.num(0.1234)).isEqualTo("0.123");
    }

    /** A report as a register + calls run would leave it, from the recorded files. */
    private static Report sample() {
        try {
            Report r = new Report();
            r.startedAt = "2026-11-25T17:30:32Z";
            r.finishedAt = "2026-11-25T17:30:58Z";
            r.scenarios.addAll(List.of("register", "calls"));
            r.parameters.put("register.users", 200);
            r.machine = new Report.Machine("Intel & friends", 2, 24105, "Linux", "OpenJDK 17", Map.of("switchboard", "0.1.0", "sipp", "3.6.1"));
            r.figure("register", "registrations_per_s", 196, "registrations/s", "storm");
            r.figure("calls", "max_cps", 19.89, "calls/s", "ramp");
            r.comparisons.add(new Report.Comparison("register", "registrations_per_s", "registrations/s", 196.0, "kamailio", "5.7", 392.0, 0.5));
            SippStatSeries.addTo(r, "register", "registrations", REGISTER_START, List.of(fixture("register-100/stat.csv")));
            SippStatSeries.addTo(r, "calls", "calls", 1795627852.0, List.of(fixture("calls-20/stat.csv")));
            Latencies.add(r, "register", "REGISTER->200", "register-latency", "register setup",
                    Latencies.readSippRtt(fixture("register-100"), Latencies.histogram()));
            Latencies.add(r, "calls", "INVITE->200", "calls-latency", "calls setup",
                    Latencies.readSippRtt(fixture("calls-20"), Latencies.histogram()));
            r.point("cpu", "CPU per process", "% of one core", "this JVM", 1, 40);
            r.point("cpu", "CPU per process", "% of one core", "this JVM", 2, 55);
            r.point("cpu", "CPU per process", "% of one core", "sipp", 2, 5);
            return r;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
