package io.switchboard.common.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestInspectionTest {

    private static boolean sip20(String requestLine) {
        byte[] b = requestLine.getBytes(StandardCharsets.US_ASCII);
        return RequestInspection.isSip20(b, 0, b.length);
    }

    @Test
    void versionIsTheLastTokenAndSipIsCaseInsensitive_rfc3261_7_1() {
        assertThat(sip20("OPTIONS sip:a@b SIP/2.0")).isTrue();
        assertThat(sip20("OPTIONS sip:a@b sip/2.0")).isTrue();
        assertThat(sip20("OPTIONS sip:a@b SIP/2.0  ")).isTrue();
        assertThat(sip20("OPTIONS sip:a@b SIP/7.0")).isFalse();
        assertThat(sip20("OPTIONS sip:a@b SIP/20")).isFalse();
        assertThat(sip20("OPTIONS sip:a@bSIP/2.0")).isFalse();
        assertThat(sip20("SIP/2.0")).isFalse();
    }
}
