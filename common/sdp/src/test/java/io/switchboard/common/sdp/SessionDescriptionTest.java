package io.switchboard.common.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SessionDescriptionTest {
    static final String OFFER = String.join("\r\n",
            "v=0",
            "o=alice 2890844526 2890844526 IN IP4 192.0.2.10",
            "s=-",
            "c=IN IP4 192.0.2.10",
            "t=0 0",
            "a=group:BUNDLE 0",
            "m=audio 49170 RTP/AVP 0 8 101",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15",
            "a=ptime:20",
            "a=rtcp:49171",
            "a=x-unknown-thing:keep me",
            "a=candidate:1 1 udp 2122260223 10.0.0.5 49170 typ host",
            "a=sendrecv",
            "m=video 0 RTP/AVP 96",
            "b=AS:512",
            "") ;

    @Test
    void unknownLinesRoundTripUntouched_rfc4566() {
        SessionDescription sdp = SessionDescription.parse(OFFER);
        assertThat(sdp.write()).isEqualTo(OFFER);
        assertThat(SessionDescription.parse(OFFER.replace("\r\n", "\n")).write()).isEqualTo(OFFER);
    }

    @Test
    void originConnectionAndMediaAreParsed_rfc4566_5() {
        SessionDescription sdp = SessionDescription.parse(OFFER);
        assertThat(sdp.origin().address()).isEqualTo("192.0.2.10");
        assertThat(sdp.connection()).map(Connection::host).contains("192.0.2.10");
        MediaDescription audio = sdp.media().get(0);
        assertThat(audio.media()).isEqualTo("audio");
        assertThat(audio.port()).isEqualTo(49170);
        assertThat(audio.protocol()).isEqualTo("RTP/AVP");
        assertThat(audio.formats()).containsExactly("0", "8", "101");
        assertThat(audio.rtcpPort()).hasValue(49171);
        assertThat(audio.rtcpMux()).isFalse();
        assertThat(audio.direction()).contains("sendrecv");
        assertThat(audio.encoding(8)).contains("PCMA");
        assertThat(audio.encoding(101)).contains("telephone-event");
        assertThat(audio.connection()).isEmpty();
        assertThat(sdp.connectionOf(audio)).map(Connection::host).contains("192.0.2.10");
        assertThat(sdp.media().get(1).port()).isZero();
    }

    @Test
    void rewritingChangesOnlyWhatItTouches() {
        SessionDescription sdp = SessionDescription.parse(OFFER);
        sdp.setOrigin(sdp.origin().withAddress("IP4", "203.0.113.1"));
        sdp.replaceConnection(Connection.ip4("203.0.113.1"));
        MediaDescription audio = sdp.media().get(0);
        audio.setPort(30000);
        audio.setAttribute("rtcp", "30001");
        audio.removeAttributes(MediaDescription.ICE_ATTRIBUTES::contains);
        audio.setConnection(Connection.ip4("203.0.113.1"));
        String out = sdp.write();
        assertThat(out).contains("o=alice 2890844526 2890844526 IN IP4 203.0.113.1\r\n", "m=audio 30000 RTP/AVP 0 8 101\r\n"
                        + "c=IN IP4 203.0.113.1\r\na=rtpmap:0 PCMU/8000", "a=rtcp:30001\r\n", "a=x-unknown-thing:keep me\r\n")
                .doesNotContain("candidate", "192.0.2.10");
    }

    @Test
    void parseErrorsNameTheLineAndWhatWasExpected() {
        assertThatThrownBy(() -> SessionDescription.parse("")).isInstanceOf(SdpException.class).hasMessageContaining("line 1");
        assertThatThrownBy(() -> SessionDescription.parse("o=x\r\n")).hasMessage("SDP line 1: expected v=0 as the first line, got 'o=x'");
        assertThatThrownBy(() -> SessionDescription.parse("v=0\r\no=a b c\r\n")).hasMessageContaining("SDP line 2: expected o=");
        assertThatThrownBy(() -> SessionDescription.parse("v=0\r\no=a 1 1 IN IP4 h\r\nc=IN IP9 x\r\n"))
                .hasMessageContaining("SDP line 3: expected address type IP4 or IP6");
        assertThatThrownBy(() -> SessionDescription.parse("v=0\r\no=a 1 1 IN IP4 h\r\nm=audio port RTP/AVP 0\r\n"))
                .hasMessageContaining("SDP line 3: expected a numeric port");
        assertThatThrownBy(() -> SessionDescription.parse("v=0\r\no=a 1 1 IN IP4 h\r\nm=audio 5\r\n"))
                .hasMessageContaining("SDP line 3: expected m=<media>");
        assertThatThrownBy(() -> SessionDescription.parse("v=0\r\no=a 1 1 IN IP4 h\r\ngarbage\r\n"))
                .hasMessageContaining("SDP line 3: expected <type>=<value>");
        assertThatThrownBy(() -> SessionDescription.parse("v=0\r\ns=-\r\n")).hasMessageContaining("missing o=");
        SdpException e = org.junit.jupiter.api.Assertions.assertThrows(SdpException.class,
                () -> SessionDescription.parse("v=0\r\no=a 1 1 IN IP4 h\r\nm=audio 99999 RTP/AVP 0\r\n"));
        assertThat(e.line()).isEqualTo(3);
    }
}
