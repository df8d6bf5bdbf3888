package io.switchboard.common.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderScanTest {

    private static HeaderScan scan(String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return HeaderScan.scan(b, 0, b.length, 256, 70);
    }

    @Test
    void findsHeaderEndCountsFieldsAndReadsContentLength_rfc3261_7_3() {
        HeaderScan scan = scan("INVITE sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h\r\nVia: SIP/2.0/UDP g\r\nf: <sip:x@y>\r\n"
                + "Subject: folded\r\n  line\r\nl: 4\r\n\r\nbody");

        assertThat(scan.terminated()).isTrue();
        assertThat(scan.viaCount()).isEqualTo(2);
        assertThat(scan.headerCount()).isEqualTo(5);
        assertThat(scan.contentLength()).isEqualTo(4);
        assertThat(scan.has(HeaderScan.FROM)).isTrue();
        assertThat(scan.has(HeaderScan.CALL_ID)).isFalse();
        assertThat(scan.bodyStart()).isEqualTo(scan.headerEnd() + 2);
    }

    @Test
    void contentLengthThatIsNotANumberOrDisagreesIsMalformed_rfc3261_20_14() {
        assertThat(scan("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: abc\r\n\r\n").contentLength())
                .isEqualTo(HeaderScan.MALFORMED);
        assertThat(scan("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 1\r\nl: 2\r\n\r\n").contentLength())
                .isEqualTo(HeaderScan.MALFORMED);
        assertThat(scan("OPTIONS sip:a@b SIP/2.0\r\n\r\n").contentLength()).isEqualTo(HeaderScan.ABSENT);
    }

    @Test
    void unterminatedHeaderSectionIsReported() {
        assertThat(scan("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\nCSeq: 1 OPT").terminated()).isFalse();
    }

    @Test
    void secondSingleInstanceHeaderIsFlaggedWhateverItsForm_rfc3261_7_3_1() {
        HeaderScan scan = scan("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nv: SIP/2.0/UDP g\r\nFrom: <sip:x@y>\r\n"
                + "f: <sip:z@y>\r\nCall-ID: 1\r\nTo: <sip:a@b>\r\nl: 0\r\nContent-Length: 0\r\n\r\n");

        assertThat(scan.duplicated()).isEqualTo(HeaderScan.FROM | HeaderScan.CONTENT_LENGTH);
        assertThat(MalformedSip.duplicate(scan.duplicated())).isEqualTo(MalformedSip.DUPLICATE_FROM);
        assertThat(scan("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: 1\r\ni: 2\r\n\r\n").duplicated()).isEqualTo(HeaderScan.CALL_ID);
        assertThat(scan("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nVia: SIP/2.0/UDP g\r\n\r\n").duplicated()).isZero();
    }

    @Test
    void requireIsNotedAndStartLineEndFound_rfc3261_8_2_2_3() {
        HeaderScan scan = scan("OPTIONS sip:a@b SIP/2.0\r\nrequire: foo\r\n\r\n");

        assertThat(scan.has(HeaderScan.REQUIRE)).isTrue();
        assertThat(scan.startLineEnd()).isEqualTo("OPTIONS sip:a@b SIP/2.0".length());
        assertThat(scan("OPTIONS sip:a@b SIP/2.0\r\nProxy-Require: foo\r\n\r\n").has(HeaderScan.REQUIRE)).isFalse();
    }
}
