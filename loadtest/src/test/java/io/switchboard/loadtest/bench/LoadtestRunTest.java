package io.switchboard.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.loadtest.BenchmarkOptions;
import io.switchboard.loadtest.Sipp;
import io.switchboard.loadtest.report.Report;
import io.switchboard.loadtest.report.TerminalSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short real run of the scenario runner: an in-process all-in-one, 200 users registering from
 * two SIPp processes (two small ramp steps and the storm), then calls at 20 calls/s for 3 s with a
 * media session each; the report files must be written and parse back.
 */
class LoadtestRunTest {

    @Test
    @Timeout(300)
    void registerAndCallsWriteAParseableReport(@TempDir Path out) throws Exception {
        io.switchboard.loadtest.RequiredTool.require(Sipp.executable().isPresent(), "sipp is not installed");
        List<String> args = new ArrayList<>(List.of("--users", "200", "--sipp", "2", "--register-rates", "50,100",
                "--step-seconds", "2", "--storm-rate", "200", "--storm-timeout", "60",
                "--rates", "20", "--seconds", "3", "--callers", "20", "--workers", "2", "--call-warmup", "40",
                "--out", out.toString(), "--time-limit", "240"));
        String keep = System.getProperty("loadtest.keep");
        if (keep != null) {
            args.addAll(List.of("--keep", keep));
        }
        BenchmarkOptions o = BenchmarkOptions.parse(args.toArray(String[]::new), LoadtestMain.DEFAULTS);

        LoadtestMain.Result r = LoadtestMain.execute(o, List.of("register", "calls"), false,
                new TerminalSummary(System.out, false));

        assertThat(r.report().notes).noneMatch(n -> n.contains("did not complete"));
        assertThat(r.exitCode()).isZero();
        Path json = r.reportDir().resolve("report.json");
        Path html = r.reportDir().resolve("report.html");
        assertThat(json).isRegularFile();
        assertThat(html).isRegularFile();

        JsonNode tree = new ObjectMapper().readTree(Files.readString(json));
        assertThat(tree.path("machine").path("cores").asInt()).isPositive();
        assertThat(tree.path("parameters").path("register.users").asInt()).isEqualTo(200);
        Report back = Report.fromJson(Files.readString(json));
        assertThat(back.value("register", "users_provisioned")).isEqualTo(200.0);
        assertThat(back.value("register", "registrations_per_s")).isPositive();
        assertThat(back.value("register", "failed")).isZero();
        assertThat(back.value("register", "max_sustained_registrations_per_s")).isGreaterThanOrEqualTo(45.0);
        assertThat(back.value("calls", "max_cps")).isGreaterThanOrEqualTo(18.0);
        assertThat(back.value("calls", "failed_pct_at_max")).isZero();
        assertThat(back.figures).allMatch(f -> f.unit() != null && !f.unit().isEmpty());
        assertThat(back.charts).extracting(Report.Chart::id)
                .contains("register-rate", "register-failures", "register-latency", "calls-rate", "calls-failures",
                        "calls-latency", "calls-active", "calls-media-sessions", "cpu", "rss");
        assertThat(back.latencies).anyMatch(l -> l.name().startsWith("REGISTER") && l.count() > 0)
                .anyMatch(l -> l.name().startsWith("INVITE") && l.count() >= 60);

        String page = Files.readString(html);
        assertThat(page).contains("<svg", "registrations_per_s", "max_cps", "Latency percentiles");
        // Offline: nothing is fetched when the page is viewed.
        assertThat(page).doesNotContain("<script", "src=", "href=", "url(", "@import");
    }
}
