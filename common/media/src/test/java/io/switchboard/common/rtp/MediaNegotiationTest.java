package io.switchboard.common.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.codec.CodecRegistry;
import io.switchboard.common.sdp.MediaDescription;
import io.switchboard.common.sdp.SessionDescription;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class MediaNegotiationTest {
    private final MediaNegotiation negotiation = new MediaNegotiation(CodecRegistry.g711());

    private static SessionDescription sdp(String... lines) {
        return SessionDescription.parse(String.join("\r\n", lines) + "\r\n");
    }

    private static SessionDescription offer(String media, String... attributes) {
        StringBuilder sb = new StringBuilder("v=0\r\no=phone 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n");
        sb.append("m=").append(media).append("\r\n");
        for (String a : attributes) {
            sb.append(a).append("\r\n");
        }
        return SessionDescription.parse(sb.toString());
    }

    @Test
    void pcmuWithTelephoneEventIsAnsweredWithBothKeepingTheEventPayloadType_rfc3264_6_1() {
        SessionDescription offer = offer("audio 40000 RTP/AVP 0 96",
                "a=rtpmap:0 PCMU/8000", "a=rtpmap:96 telephone-event/8000", "a=fmtp:96 0-16", "a=ptime:20");
        MediaNegotiation.Answer answer = negotiation.answer(offer, "10.0.0.5", 30000);

        NegotiatedMedia media = answer.media().orElseThrow();
        assertThat(media.codec().name()).isEqualTo("PCMU");
        assertThat(media.payloadType()).isZero();
        assertThat(media.telephoneEventPayloadType()).isEqualTo(96);
        assertThat(media.remoteRtp()).isEqualTo(new InetSocketAddress("192.0.2.10", 40000));
        assertThat(media.remoteRtcp()).isEqualTo(new InetSocketAddress("192.0.2.10", 40001));
        assertThat(media.direction()).isEqualTo("sendrecv");

        MediaDescription m = answer.sdp().media().get(0);
        assertThat(m.port()).isEqualTo(30000);
        assertThat(m.formats()).containsExactly("0", "96");
        assertThat(m.attributes("rtpmap")).containsExactly("0 PCMU/8000", "96 telephone-event/8000");
        assertThat(m.attribute("ptime")).contains("20");
        assertThat(answer.sdp().connection().orElseThrow().host()).isEqualTo("10.0.0.5");
        assertThat(answer.sdp().write()).contains("a=fmtp:96 0-15\r\n");
    }

    @Test
    void firstSupportedCodecInTheOfferersOrderWins_rfc3264_6_1() {
        SessionDescription offer = offer("audio 40000 RTP/AVP 111 9 8 0", "a=rtpmap:111 opus/48000/2");
        NegotiatedMedia media = negotiation.answer(offer, "10.0.0.5", 30000).media().orElseThrow();
        assertThat(media.codec().name()).isEqualTo("PCMA");
        assertThat(media.hasTelephoneEvent()).isFalse();
    }

    @Test
    void offerOfOnlyAnUnknownCodecIsRejectedWithPortZero_rfc3264_6() {
        SessionDescription offer = offer("audio 40000 RTP/AVP 98", "a=rtpmap:98 iLBC/8000");
        MediaNegotiation.Answer answer = negotiation.answer(offer, "10.0.0.5", 30000);
        assertThat(answer.media()).isEmpty();
        MediaDescription m = answer.sdp().media().get(0);
        assertThat(m.port()).isZero();
        assertThat(m.formats()).containsExactly("98");
    }

    @Test
    void videoBesideAudioIsRejectedAndAudioAccepted_rfc3264_6() {
        SessionDescription offer = sdp("v=0", "o=phone 1 1 IN IP4 192.0.2.10", "s=-", "c=IN IP4 192.0.2.10", "t=0 0",
                "m=video 40002 RTP/AVP 97", "a=rtpmap:97 H264/90000",
                "m=audio 40000 RTP/AVP 8", "a=sendonly", "a=rtcp-mux");
        MediaNegotiation.Answer answer = negotiation.answer(offer, "10.0.0.5", 30000);
        assertThat(answer.sdp().media()).extracting(MediaDescription::port).containsExactly(0, 30000);
        NegotiatedMedia media = answer.media().orElseThrow();
        assertThat(media.direction()).isEqualTo("recvonly");
        assertThat(media.rtcpMux()).isTrue();
        assertThat(media.remoteRtcp().getPort()).isEqualTo(40000);
        assertThat(answer.sdp().media().get(1).direction()).contains("recvonly");
        assertThat(answer.sdp().media().get(1).rtcpMux()).isTrue();
    }

    @Test
    void secureProfileIsRejectedForWeRunPlainRtp_rfc3264_6() {
        SessionDescription offer = offer("audio 40000 RTP/SAVP 0");
        assertThat(negotiation.answer(offer, "10.0.0.5", 30000).media()).isEmpty();
    }

    @Test
    void ourOfferListsG711AndTelephoneEventAndReadsTheAnswer_rfc3264_5() {
        SessionDescription offer = negotiation.offer("10.0.0.5", 30002);
        MediaDescription m = offer.media().get(0);
        assertThat(m.port()).isEqualTo(30002);
        assertThat(m.formats()).containsExactly("0", "8", "101");
        assertThat(m.attributes("rtpmap")).contains("101 telephone-event/8000");
        assertThat(m.direction()).contains("sendrecv");

        SessionDescription answer = offer("audio 41000 RTP/AVP 8 101", "a=rtpmap:101 telephone-event/8000", "a=rtcp:41003");
        NegotiatedMedia media = negotiation.answered(answer).orElseThrow();
        assertThat(media.codec().name()).isEqualTo("PCMA");
        assertThat(media.telephoneEventPayloadType()).isEqualTo(101);
        assertThat(media.remoteRtcp().getPort()).isEqualTo(41003);
        assertThat(negotiation.answered(offer("audio 0 RTP/AVP 0"))).isEmpty();
    }

    @Test
    void opusOfferedFirstIsChosenWhenItLoads_rfc7587_7() {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.switchboard.common.codec.OpusCodec.available());
        MediaNegotiation withOpus = new MediaNegotiation(CodecRegistry.standard());
        SessionDescription offer = offer("audio 40000 RTP/AVP 111 0 8 101", "a=rtpmap:111 opus/48000/2",
                "a=fmtp:111 minptime=10;useinbandfec=1;maxplaybackrate=48000;stereo=1", "a=rtpmap:101 telephone-event/8000",
                "a=fmtp:101 0-16", "a=ptime:20");
        MediaNegotiation.Answer answer = withOpus.answer(offer, "10.0.0.5", 30000);
        NegotiatedMedia media = answer.media().orElseThrow();
        try {
            assertThat(media.codec().name()).isEqualTo("opus");
            assertThat(media.payloadType()).isEqualTo(111);
            assertThat(media.samplesPerFrame()).isEqualTo(160);
            assertThat(media.timestampStep()).isEqualTo(960);
            assertThat(media.telephoneEventPayloadType()).isEqualTo(101);
            MediaDescription m = answer.sdp().media().get(0);
            assertThat(m.formats()).containsExactly("111", "101");
            assertThat(m.attributes("rtpmap")).containsExactly("111 opus/48000/2", "101 telephone-event/8000");
            assertThat(m.attributes("fmtp")).contains("111 maxplaybackrate=8000;sprop-maxcapturerate=8000");
        } finally {
            media.codec().release();
        }

        // The offerer's order still rules: G.711 first is answered with G.711 although we run Opus.
        SessionDescription g711First = offer("audio 40000 RTP/AVP 0 111", "a=rtpmap:111 opus/48000/2");
        assertThat(withOpus.answer(g711First, "10.0.0.5", 30000).media().orElseThrow().codec().name()).isEqualTo("PCMU");
        // opus at any clock but 48000 is not RFC 7587 Opus.
        SessionDescription wrongClock = offer("audio 40000 RTP/AVP 111", "a=rtpmap:111 opus/8000");
        assertThat(withOpus.answer(wrongClock, "10.0.0.5", 30000).media()).isEmpty();
    }

    @Test
    void ourOfferListsOpusAfterG711WithADynamicType_rfc7587_7() {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.switchboard.common.codec.OpusCodec.available());
        MediaDescription m = new MediaNegotiation(CodecRegistry.standard()).offer("10.0.0.5", 30000).media().get(0);
        assertThat(m.formats()).containsExactly("0", "8", "96", "101");
        assertThat(m.attributes("rtpmap")).containsExactly("0 PCMU/8000", "8 PCMA/8000", "96 opus/48000/2", "101 telephone-event/8000");
        assertThat(m.attributes("fmtp")).containsExactly("96 maxplaybackrate=8000;sprop-maxcapturerate=8000", "101 0-15");

        // The peer answering opus (with its own fmtp) gives a 48 kHz-clock stream of 8 kHz frames.
        SessionDescription answer = offer("audio 40000 RTP/AVP 96 101", "a=rtpmap:96 opus/48000/2", "a=fmtp:96 useinbandfec=1",
                "a=rtpmap:101 telephone-event/8000");
        NegotiatedMedia media = new MediaNegotiation(CodecRegistry.standard()).answered(answer).orElseThrow();
        assertThat(media.codec().rtpClockRate()).isEqualTo(48000);
        assertThat(media.timestampStep()).isEqualTo(960);
        media.codec().release();
    }
}
