package io.switchboard.media.ng;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.ng.NgCommand;
import io.switchboard.common.ng.NgMessage;
import io.switchboard.media.MediaFixture;
import io.switchboard.media.relay.RelaySession;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden SDP pairs in src/test/resources/sdp: {@code IP}, {@code PORT} and {@code RTCP} in the
 * expected files stand for this node's address and the leg's ports (RFC 3264 offer/answer through an anchor).
 */
class SdpRewriteGoldenTest {
    private static final String PUBLIC = "203.0.113.7";
    private static final String PRIVATE = "10.0.0.5";
    @TempDir
    Path dir;
    private MediaFixture media;
    private NgControl control;

    @BeforeEach
    void start() throws Exception {
        media = new MediaFixture(43000, 43999, 10, Duration.ofSeconds(60), dir, false);
        control = new NgControl(media.sessions, PRIVATE, PUBLIC, null, false);
    }

    @AfterEach
    void stop() {
        media.close();
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = SdpRewriteGoldenTest.class.getResourceAsStream("/sdp/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static String expected(String name, String ip, int port, int rtcp) throws Exception {
        return resource(name).replaceAll("\\bIP\\b", ip).replace("RTCP", Integer.toString(rtcp)).replace("PORT", Integer.toString(port));
    }

    private Map<String, Object> run(Object... kv) {
        Map<String, Object> d = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            d.put((String) kv[i], kv[i + 1]);
        }
        // Through the codec as on the wire, so key spellings are exercised too.
        return control.execute(NgCommand.from(NgMessage.decode(new NgMessage("1", d).encode()).dict()));
    }

    @Test
    void offerIsPointedAtTheCalleeFacingLegWithIceRemovedAndExtraStreamsRejected_rfc3264_6() throws Exception {
        Map<String, Object> r = run("command", "offer", "call-id", "g1", "from-tag", "alice", "sdp", resource("offer-in.sdp"),
                "replace", List.of("origin", "session connection"), "ICE", "remove", "direction", List.of("private", "public"));
        RelaySession s = media.sessions.find("g1");
        int port = s.callee().port();
        assertThat(r.get("sdp")).isEqualTo(expected("offer-out.sdp", PUBLIC, port, port + 1));
        assertThat(s.caller().sdpRtp()).hasToString("/192.168.1.20:52535");

        Map<String, Object> a = run("command", "answer", "call-id", "g1", "from-tag", "alice", "to-tag", "bob",
                "sdp", resource("answer-in.sdp"));
        int callerPort = s.caller().port();
        assertThat(a.get("sdp")).as("media-level c= rewritten, o= kept without replace=origin, to the private side")
                .isEqualTo(expected("answer-out.sdp", PRIVATE, callerPort, callerPort + 1));
        assertThat(s.callee().sdpRtp()).hasToString("/10.1.2.3:7078");
    }

    @Test
    void mediaAddressOverridesTheSdpAddressOfTheEndpoint_ngMediaAddress() throws Exception {
        run("command", "offer", "call-id", "g2", "from-tag", "alice", "sdp", resource("offer-in.sdp"), "media address", "198.51.100.9");
        assertThat(media.sessions.find("g2").caller().sdpRtp()).hasToString("/198.51.100.9:52535");
    }
    @Test
    void bothOfferingMuxTheOfferOffersItWithPortPlusOneAsFallbackAndTheAnswerNamesTheRtpPort_rfc5761_5_1_1_and_5_1_3()
            throws Exception {
        int before = media.ports.openSockets();
        Map<String, Object> r = run("command", "offer", "call-id", "m1", "from-tag", "alice", "sdp", resource("offer-mux-in.sdp"));
        RelaySession s = media.sessions.find("m1");
        int calleePort = s.callee().port();
        assertThat(r.get("sdp")).as("mux offered on, port+1 the fallback should the answerer decline")
                .isEqualTo(expected("offer-mux-out.sdp", PUBLIC, calleePort, calleePort + 1));
        assertThat(s.caller().rtcpMux()).isTrue();
        assertThat(s.caller().hasRtcpSocket()).as("the muxed offerer's RTCP port is never bound").isFalse();
        assertThat(s.callee().hasRtcpSocket()).as("the answerer's RTCP port waits for its answer").isFalse();
        assertThat(media.ports.openSockets() - before).isEqualTo(2);

        Map<String, Object> a = run("command", "answer", "call-id", "m1", "from-tag", "alice", "to-tag", "bob",
                "sdp", resource("answer-mux-in.sdp"));
        int callerPort = s.caller().port();
        assertThat(a.get("sdp")).as("a=rtcp is the RTP port itself")
                .isEqualTo(expected("answer-mux-out.sdp", PUBLIC, callerPort, callerPort));
        assertThat(s.callee().rtcpMux()).isTrue();
        assertThat(s.callee().hasRtcpSocket()).isFalse();
        assertThat(media.ports.openSockets() - before).as("one socket a leg").isEqualTo(2);
        assertThat(media.ports.pairsInUse()).as("the pairs stay reserved").isEqualTo(2);
    }

    @Test
    void anAnswerWithoutMuxGetsItsRtcpPortBoundThenWhileTheMuxedOffererKeepsItsOwn_rfc5761_5_1_1() throws Exception {
        int before = media.ports.openSockets();
        run("command", "offer", "call-id", "m2", "from-tag", "alice", "sdp", resource("offer-mux-in.sdp"));
        Map<String, Object> a = run("command", "answer", "call-id", "m2", "from-tag", "alice", "to-tag", "bob",
                "sdp", resource("answer-nomux-in.sdp"));
        RelaySession s = media.sessions.find("m2");
        int callerPort = s.caller().port();
        assertThat(a.get("sdp")).as("the offerer's mux is accepted whatever the answerer chose")
                .isEqualTo(expected("answer-nomux-out-mux.sdp", PUBLIC, callerPort, callerPort));
        assertThat(s.callee().rtcpMux()).isFalse();
        assertThat(s.callee().hasRtcpSocket()).as("the fallback port named in the offer").isTrue();
        assertThat(s.callee().rtcpPort()).isEqualTo(s.callee().port() + 1);
        assertThat(s.caller().hasRtcpSocket()).isFalse();
        assertThat(media.ports.openSockets() - before).isEqualTo(3);
    }

    @Test
    void withoutMuxBothLegsGetTheirRtcpSocketWithTheOffer_rfc3605() throws Exception {
        int before = media.ports.openSockets();
        run("command", "offer", "call-id", "m3", "from-tag", "alice", "sdp", resource("offer-in.sdp"));
        RelaySession s = media.sessions.find("m3");
        assertThat(s.caller().hasRtcpSocket() && s.callee().hasRtcpSocket()).isTrue();
        assertThat(media.ports.openSockets() - before).isEqualTo(4);
        Map<String, Object> a = run("command", "answer", "call-id", "m3", "from-tag", "alice", "to-tag", "bob",
                "sdp", resource("answer-in.sdp"));
        assertThat(a.get("sdp")).isEqualTo(expected("answer-out.sdp", PUBLIC, s.caller().port(), s.caller().port() + 1));
        assertThat(media.ports.openSockets() - before).isEqualTo(4);
    }

    @Test
    void rtcpMuxRequireOffersMuxWithoutAFallbackPortAndBindsNoRtcpPort_rfc8858_4_2() throws Exception {
        int before = media.ports.openSockets();
        Map<String, Object> r = run("command", "offer", "call-id", "m4", "from-tag", "alice", "sdp", resource("offer-in.sdp"),
                "rtcp-mux", List.of("require"), "replace", List.of("origin"));
        RelaySession s = media.sessions.find("m4");
        int port = s.callee().port();
        assertThat(r.get("sdp")).isEqualTo(expected("offer-out-require.sdp", PUBLIC, port, port));
        assertThat(s.callee().hasRtcpSocket()).isFalse();
        assertThat(s.caller().hasRtcpSocket()).as("the offerer did not offer mux").isTrue();
        run("command", "answer", "call-id", "m4", "from-tag", "alice", "to-tag", "bob", "sdp", resource("answer-in.sdp"));
        assertThat(s.callee().rtcpMux()).as("required: muxed whatever the answer says").isTrue();
        assertThat(media.ports.openSockets() - before).isEqualTo(3);
    }

    @Test
    void demuxAcceptsTheOfferersMuxButOffersPortPlusOneOnwardsAndTheRtpenginesFlagSpellingWorksToo_ngRtcpMux() throws Exception {
        Map<String, Object> r = run("command", "offer", "call-id", "m5", "from-tag", "alice", "sdp", resource("offer-mux-in.sdp"),
                "flags", List.of("trust-address", "rtcp-mux-demux"));
        RelaySession s = media.sessions.find("m5");
        int port = s.callee().port();
        assertThat(r.get("sdp")).isEqualTo(expected("offer-mux-out-demux.sdp", PUBLIC, port, port + 1));
        assertThat(s.callee().hasRtcpSocket()).as("not offered mux: its RTCP port is known to be needed").isTrue();
        assertThat(s.caller().hasRtcpSocket()).isFalse();
        Map<String, Object> a = run("command", "answer", "call-id", "m5", "from-tag", "alice", "to-tag", "bob",
                "sdp", resource("answer-mux-in.sdp"));
        assertThat((String) a.get("sdp")).contains("a=rtcp-mux\r\n", "a=rtcp:" + s.caller().port() + "\r\n");
        assertThat(s.callee().rtcpMux()).as("an answer may not accept what was not offered (RFC 8035)").isFalse();
    }

    @Test
    void rtcpMuxOfferOffersItToTheAnswererOfAnOffererWithoutMux_ngRtcpMuxOffer() throws Exception {
        Map<String, Object> r = run("command", "offer", "call-id", "m6", "from-tag", "alice", "sdp", resource("offer-in.sdp"),
                "rtcp-mux", List.of("offer"));
        RelaySession s = media.sessions.find("m6");
        int port = s.callee().port();
        assertThat((String) r.get("sdp")).contains("a=rtcp:" + (port + 1) + "\r\n", "a=rtcp-mux\r\n");
        assertThat(s.callee().hasRtcpSocket()).isFalse();
        run("command", "answer", "call-id", "m6", "from-tag", "alice", "to-tag", "bob", "sdp", resource("answer-mux-in.sdp"));
        assertThat(s.callee().rtcpMux()).isTrue();
        assertThat(s.callee().hasRtcpSocket()).isFalse();
        assertThat(s.caller().hasRtcpSocket()).isTrue();
    }
}
