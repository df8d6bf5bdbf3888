package io.switchboard.signaling.trunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** An offer narrowed to a trunk's codecs and DTMF mode (RFC 3264 §5.1: an offer lists what the offerer will take). */
class TrunkMediaTest {
    private static final String OFFER = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
            + "m=audio 4000 RTP/AVP 0 8 9 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:9 G722/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=sendrecv\r\n";

    @Test
    void anyCodecAndRfc4733LeaveTheOfferAsItIs() {
        assertThat(TrunkMedia.ANY.narrow(OFFER)).contains(OFFER);
    }

    @Test
    void theTrunksCodecsAreKeptInItsOrderWithTelephoneEvent() {
        String sdp = new TrunkMedia(List.of("pcma", "PCMU"), TrunkMedia.Dtmf.RFC4733).narrow(OFFER).orElseThrow();
        assertThat(sdp).contains("m=audio 4000 RTP/AVP 8 0 101\r\n").contains("a=rtpmap:101 telephone-event/8000")
                .doesNotContain("G722");
    }

    @Test
    void inbandDtmfDropsTelephoneEventAndItsFmtp() {
        String sdp = new TrunkMedia(List.of(), TrunkMedia.Dtmf.INBAND).narrow(OFFER).orElseThrow();
        assertThat(sdp).contains("m=audio 4000 RTP/AVP 0 8 9\r\n").doesNotContain("telephone-event").doesNotContain("fmtp:101");
    }

    @Test
    void noCodecInCommonLeavesNothingToSend() {
        assertThat(new TrunkMedia(List.of("G729"), TrunkMedia.Dtmf.RFC4733).narrow(OFFER)).isEmpty();
    }

    @Test
    void telephoneEventIsNotACodecName() {
        assertThat(new TrunkMedia(List.of("telephone-event"), TrunkMedia.Dtmf.RFC4733).problems())
                .extracting(p -> p.field()).containsExactly("codecs");
    }
}
