package io.switchboard.common.ng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NgReplyTest {
    @Test
    void anOkReplyCarriesItsSdpAndTheRestOfItsDictionary() {
        NgReply r = NgReply.from(Map.of("result", "ok", "sdp", "v=0\r\n", "warning", "Call-ID not found", "totals", Map.of()));
        assertThat(r.ok()).isTrue();
        assertThat(r.sdp()).isEqualTo("v=0\r\n");
        assertThat(r.warning()).isEqualTo("Call-ID not found");
        assertThat(r.errorReason()).isNull();
        assertThat(r.dict()).containsKey("totals");
    }

    @Test
    void anErrorIsAReplyWithItsReasonAndPongIsNotOk() {
        NgReply error = NgReply.from(Map.of("result", "error", "error-reason", "Unknown call-id 'x'"));
        assertThat(error.result()).isEqualTo(NgReply.Result.ERROR);
        assertThat(error.ok()).isFalse();
        assertThat(error.errorReason()).isEqualTo("Unknown call-id 'x'");
        NgReply pong = NgReply.from(Map.of("result", "pong"));
        assertThat(pong.result()).isEqualTo(NgReply.Result.PONG);
        assertThat(pong.ok()).isFalse();
    }

    @Test
    void aReplyWithoutAKnownResultBreaksTheProtocol() {
        assertThatThrownBy(() -> NgReply.from(Map.of("sdp", "v=0"))).isInstanceOf(NgProtocolException.class);
        assertThatThrownBy(() -> NgReply.from(Map.of("result", "maybe"))).isInstanceOf(NgProtocolException.class)
                .hasMessageContaining("maybe");
    }
}
