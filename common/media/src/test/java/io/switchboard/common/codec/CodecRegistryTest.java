package io.switchboard.common.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CodecRegistryTest {
    @Test
    void rtpmapNamesAreCaseInsensitiveAndClockRateMustMatch_rfc4566_6() {
        CodecRegistry r = CodecRegistry.g711();
        assertThat(r.create(RtpMap.parse("0 pcmu/8000").orElseThrow())).containsSame(Pcmu.INSTANCE);
        assertThat(r.create(RtpMap.parse("8 PCMA/8000").orElseThrow())).containsSame(Pcma.INSTANCE);
        assertThat(r.create(RtpMap.parse("96 PCMU/16000").orElseThrow())).isEmpty();
        assertThat(r.create(RtpMap.parse("111 opus/48000/2").orElseThrow())).isEmpty();
    }

    @Test
    void staticPayloadTypesHaveTheirMeaningWithoutRtpmap_rfc3551_6() {
        assertThat(RtpMap.staticType(0)).contains(new RtpMap(0, "PCMU", 8000, 1));
        assertThat(RtpMap.staticType(8)).contains(new RtpMap(8, "PCMA", 8000, 1));
        assertThat(RtpMap.staticType(96)).isEmpty();
    }

    @Test
    void malformedRtpmapIsEmpty_rfc4566_6() {
        assertThat(RtpMap.parse("x PCMU/8000")).isEmpty();
        assertThat(RtpMap.parse("0 PCMU")).isEmpty();
        assertThat(RtpMap.parse("101 telephone-event/8000")).contains(new RtpMap(101, "TELEPHONE-EVENT", 8000, 1));
    }
}
