package io.switchboard.ivr.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IvrCallTest {

    @Test
    void sipfragStatusLine_rfc3515_2_4_5() {
        assertThat(IvrCall.sipfragStatus("SIP/2.0 100 Trying\r\n")).isEqualTo(100);
        assertThat(IvrCall.sipfragStatus("SIP/2.0 200 OK\r\n")).isEqualTo(200);
        assertThat(IvrCall.sipfragStatus("SIP/2.0 480 Temporarily Unavailable")).isEqualTo(480);
        assertThat(IvrCall.sipfragStatus("garbage")).isZero();
        assertThat(IvrCall.sipfragStatus("")).isZero();
    }
}
