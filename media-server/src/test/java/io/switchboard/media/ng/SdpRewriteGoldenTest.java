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
}
