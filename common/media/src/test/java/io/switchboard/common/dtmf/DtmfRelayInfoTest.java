package io.switchboard.common.dtmf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DtmfRelayInfoTest {
    @Test
    void signalAndDurationLinesAreOneDigit_dtmfRelay() {
        assertThat(DtmfRelayInfo.parse("application/dtmf-relay", "Signal=5\nDuration=160"))
                .contains(new DtmfRelayInfo('5', 160));
        assertThat(DtmfRelayInfo.parse("application/dtmf-relay", "Signal= #\r\nDuration= 250\r\n"))
                .contains(new DtmfRelayInfo('#', 250));
        assertThat(DtmfRelayInfo.parse("Application/DTMF-Relay; charset=x", "signal=a")).contains(new DtmfRelayInfo('A', 250));
    }

    @Test
    void numericStarAndHashAndBareDtmfBodyAreRead_dtmfRelay() {
        assertThat(DtmfRelayInfo.parse("application/dtmf-relay", "Signal=10\nDuration=100")).contains(new DtmfRelayInfo('*', 100));
        assertThat(DtmfRelayInfo.parse("application/dtmf-relay", "Signal=11")).contains(new DtmfRelayInfo('#', 250));
        assertThat(DtmfRelayInfo.parse("application/dtmf", "7\r\n")).contains(new DtmfRelayInfo('7', 250));
    }

    @Test
    void garbageOrOtherBodiesAreEmpty_dtmfRelay() {
        assertThat(DtmfRelayInfo.parse("application/dtmf-relay", "Signal=Z")).isEmpty();
        assertThat(DtmfRelayInfo.parse("application/dtmf-relay", "Duration=100")).isEmpty();
        assertThat(DtmfRelayInfo.parse("application/sdp", "Signal=5")).isEmpty();
        assertThat(DtmfRelayInfo.parse("application/dtmf-relay", null)).isEmpty();
    }
}
