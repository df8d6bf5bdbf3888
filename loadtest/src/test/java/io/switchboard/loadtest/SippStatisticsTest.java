package io.switchboard.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading SIPp 3.6.1's -trace_stat file; the fixture is a real capture (OPTIONS to a closed port). */
class SippStatisticsTest {

    @Test
    void lastLineGivesCumulativeCountsAndMicrosecondElapsedTime() throws URISyntaxException {
        Path file = Path.of(getClass().getResource("/sipp-stat/options-no-server.csv").toURI());

        SippStatistics s = SippStatistics.read(file);

        assertThat(s.created()).isEqualTo(2);
        assertThat(s.successful()).isZero();
        assertThat(s.failed()).isEqualTo(2);
        assertThat(s.failedTimeoutOnRecv()).isEqualTo(2);
        assertThat(s.retransmissions()).isEqualTo(2);
        // CurrentTime 1795622664.202924 - StartTime 1795622662.996185
        assertThat(s.elapsedMillis()).isEqualTo(1206);
    }

    @Test
    void headerWithoutDataLineMeansSippWroteNothing() {
        assertThat(SippStatistics.parse(List.of("StartTime;SuccessfulCall(C);"))).isEqualTo(SippStatistics.NONE);
        assertThat(SippStatistics.read(Path.of("does-not-exist.csv"))).isEqualTo(SippStatistics.NONE);
    }
}
