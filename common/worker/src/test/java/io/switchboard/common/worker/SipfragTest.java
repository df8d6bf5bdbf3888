package io.switchboard.common.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SipfragTest {

    @Test
    void theStatusLineOfTheSipfragTellsHowTheTransferWent_rfc3515_2_4_5() {
        assertThat(Sipfrag.status("SIP/2.0 100 Trying\r\n")).isEqualTo(100);
        assertThat(Sipfrag.status("SIP/2.0 200 OK\r\n")).isEqualTo(200);
        assertThat(Sipfrag.status("SIP/2.0 480 Temporarily Unavailable")).isEqualTo(480);
        assertThat(Sipfrag.status("garbage")).isZero();
        assertThat(Sipfrag.status("")).isZero();
    }
}
