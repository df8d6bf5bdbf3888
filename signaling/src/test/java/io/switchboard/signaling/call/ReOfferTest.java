package io.switchboard.signaling.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 3264 §8: an offer in an existing session keeps its origin with version + 1; hold is undone (§6.1). */
class ReOfferTest {
    private static final String RELAY = "v=0\r\no=- 1001 5 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 10002 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=sendonly\r\n";

    @Test
    void theOriginOfTheLastSdpSentIsKeptWithItsVersionIncremented_8() {
        String previous = "v=0\r\no=switchboard 77 12 IN IP4 127.0.0.9\r\ns=-\r\n";
        String offer = ReOffer.of(RELAY, previous);
        assertThat(offer).contains("o=switchboard 77 13 IN IP4 127.0.0.9\r\n").doesNotContain("o=- 1001");
        assertThat(offer).contains("m=audio 10002 RTP/AVP 0 101\r\n");
    }

    @Test
    void holdDirectionsBecomeSendrecv_6_1() {
        assertThat(ReOffer.of(RELAY, null)).contains("a=sendrecv\r\n").doesNotContain("a=sendonly")
                .contains("o=- 1001 5 IN IP4 127.0.0.1");
        assertThat(ReOffer.held(RELAY)).isTrue();
        assertThat(ReOffer.held(RELAY.replace("a=sendonly", "a=sendrecv"))).isFalse();
    }

    @Test
    void aMalformedOriginIsLeftAlone() {
        assertThat(ReOffer.nextOrigin("o=broken\r\n")).isNull();
        assertThat(ReOffer.of(RELAY, "o=a b x IN IP4 1.2.3.4\r\n")).contains("o=- 1001 5 IN IP4 127.0.0.1");
    }
}
