package io.switchboard.media.ng;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.ng.NgCommand;
import io.switchboard.media.relay.RelayLeg.MuxOffer;
import org.junit.jupiter.api.Test;

/** Per-leg rtcp-mux decisions of the relay (RFC 5761 section 5.1.1, rtpengine's ng {@code rtcp-mux} words), as plain values. */
class RtcpMuxNegotiationTest {
    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";

    private static NgCommand offer(String... muxWords) {
        return NgCommand.offer("c", "f", SDP).rtcpMux(muxWords).build();
    }

    @Test
    void byDefaultTheOfferersChoiceIsAcceptedAndPassedOn_rfc5761_5_1_1() {
        assertThat(RtcpMuxNegotiation.offererMuxes(true, offer())).isTrue();
        assertThat(RtcpMuxNegotiation.toAnswerer(true, offer())).isEqualTo(MuxOffer.OFFERED);
        assertThat(RtcpMuxNegotiation.offererMuxes(false, offer())).isFalse();
        assertThat(RtcpMuxNegotiation.toAnswerer(false, offer())).isEqualTo(MuxOffer.NONE);
        assertThat(RtcpMuxNegotiation.toAnswerer(true, offer("accept"))).isEqualTo(MuxOffer.OFFERED);
    }

    @Test
    void theAnswerDecidesWhatWasOfferedAndCannotAcceptWhatWasNot_rfc8035() {
        assertThat(RtcpMuxNegotiation.answererMuxes(MuxOffer.OFFERED, true)).isTrue();
        assertThat(RtcpMuxNegotiation.answererMuxes(MuxOffer.OFFERED, false)).isFalse();
        assertThat(RtcpMuxNegotiation.answererMuxes(MuxOffer.NONE, true)).isFalse();
        assertThat(RtcpMuxNegotiation.answererMuxes(MuxOffer.REQUIRED, false)).isTrue();
    }

    @Test
    void ngWordsSteerBothSidesInTheListOrAsRtpenginesFlags() {
        assertThat(RtcpMuxNegotiation.toAnswerer(false, offer("offer"))).isEqualTo(MuxOffer.OFFERED);
        assertThat(RtcpMuxNegotiation.toAnswerer(false, offer("require"))).isEqualTo(MuxOffer.REQUIRED);
        assertThat(RtcpMuxNegotiation.toAnswerer(true, offer("demux"))).isEqualTo(MuxOffer.NONE);
        assertThat(RtcpMuxNegotiation.offererMuxes(true, offer("demux"))).isTrue();
        assertThat(RtcpMuxNegotiation.toAnswerer(true, offer("reject"))).isEqualTo(MuxOffer.NONE);
        assertThat(RtcpMuxNegotiation.offererMuxes(true, offer("reject"))).isFalse();
        NgCommand flags = NgCommand.offer("c", "f", SDP).flags("trust-address", "rtcp-mux-reject").build();
        assertThat(RtcpMuxNegotiation.offererMuxes(true, flags)).isFalse();
        NgCommand spaced = NgCommand.offer("c", "f", SDP).flags("rtcp mux offer").build();
        assertThat(RtcpMuxNegotiation.toAnswerer(false, spaced)).as("flag spellings are normalised").isEqualTo(MuxOffer.OFFERED);
    }

    @Test
    void anOfferNamesPortPlusOneAsFallbackUnlessMuxIsRequiredOrAlreadyInUse_rfc5761_5_1_3() {
        assertThat(RtcpMuxNegotiation.offeredRtcpPort(20000, MuxOffer.OFFERED, false)).isEqualTo(20001);
        assertThat(RtcpMuxNegotiation.offeredRtcpPort(20000, MuxOffer.NONE, true)).isEqualTo(20001);
        assertThat(RtcpMuxNegotiation.offeredRtcpPort(20000, MuxOffer.OFFERED, true)).isEqualTo(20000);
        assertThat(RtcpMuxNegotiation.offeredRtcpPort(20000, MuxOffer.REQUIRED, false)).isEqualTo(20000);
        assertThat(RtcpMuxNegotiation.answeredRtcpPort(20000, true)).isEqualTo(20000);
        assertThat(RtcpMuxNegotiation.answeredRtcpPort(20000, false)).isEqualTo(20001);
    }
}
