package io.switchboard.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SIPp command line: bounded, loopback only, foreground. */
class SippCommandTest {

    @Test
    void everyRunIsBoundedByCallsAndTimeAndTargetsOnlyLoopback() {
        List<String> cmd = Sipp.scenario(SippScenario.REGISTER, 5060, Path.of("/tmp/w"))
                .transport(SippTransport.TCP).injection(Path.of("/tmp/w/inf.csv")).calls(100)
                .rate(3000, Duration.ofSeconds(1)).limit(200).localPort(5070).timeout(Duration.ofSeconds(90))
                .command(Path.of("/tmp/w/register.xml"));

        assertThat(cmd.get(1)).isEqualTo("127.0.0.1:5060");
        assertThat(String.join(" ", cmd))
                .contains("-i 127.0.0.1", "-t t1", "-m 100", "-r 3000 -rp 1000", "-l 200", "-p 5070",
                        "-timeout 90 -timeout_error", "-nostdin", "-inf /tmp/w/inf.csv", "-sf /tmp/w/register.xml")
                .doesNotContain("-bg");
    }

    @Test
    void noLocalPortLetsTheSystemChoose() {
        List<String> cmd = Sipp.scenario(SippScenario.OPTIONS, 5060, Path.of("/tmp/w")).command(Path.of("o.xml"));

        assertThat(cmd).doesNotContain("-p", "-inf", "-l");
    }
}
