package io.switchboard.media.relay;

import static io.switchboard.media.MediaFixture.audioPort;
import static io.switchboard.media.MediaFixture.sdp;
import static io.switchboard.media.MediaFixture.sdpWithRtcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.media.MediaFixture;
import io.switchboard.media.RtpPeer;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real UDP on 127.0.0.1: phones as plain sockets, the relay driven through ng. */
class RelayTest {
    private static final Duration WAIT = Duration.ofSeconds(2);
    @TempDir
    Path dir;
    private MediaFixture media;
    private final List<RtpPeer> peers = new java.util.ArrayList<>();

    private MediaFixture start(int maxSessions, Duration timeout) throws Exception {
        media = new MediaFixture(41000, 41999, maxSessions, timeout, dir, false);
        return media;
    }

    private RtpPeer peer(int ssrc) throws Exception {
        RtpPeer p = new RtpPeer(ssrc);
        peers.add(p);
        return p;
    }

    @AfterEach
    void stop() throws Exception {
        for (RtpPeer p : peers) {
            p.close();
        }
        if (media != null) {
            media.close();
        }
    }

    private static InetSocketAddress local(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** Offer + answer; returns {port the caller sends to, port the callee sends to}. */
    private int[] call(String callId, RtpPeer caller, String calleeSdp) throws Exception {
        Map<String, Object> offer = media.ng("command", "offer", "call-id", callId, "from-tag", "ftag",
                "sdp", sdp("alice", caller.port(), false));
        assertThat(offer).containsEntry("result", "ok");
        Map<String, Object> answer = media.ng("command", "answer", "call-id", callId, "from-tag", "ftag", "to-tag", "ttag",
                "sdp", calleeSdp);
        assertThat(answer).containsEntry("result", "ok");
        return new int[] {audioPort(answer.get("sdp")), audioPort(offer.get("sdp"))};
    }

    @Test
    void rtpFlowsBothWaysThroughTheLegsNamedInTheRepliedSdp_ngOfferAnswer() throws Exception {
        start(10, Duration.ofSeconds(60));
        RtpPeer caller = peer(1);
        RtpPeer callee = peer(2);
        int[] p = call("c1", caller, sdp("bob", callee.port(), false));
        assertThat(p[0]).isNotEqualTo(p[1]);
        assertThat(p[0] % 2).isZero();

        caller.sendRtp(local(p[0]), (byte) 0x11);
        byte[] got = callee.receive(WAIT);
        assertThat(got).hasSize(172);
        assertThat(got[12]).isEqualTo((byte) 0x11);

        callee.sendRtp(local(p[1]), (byte) 0x22);
        byte[] back = caller.receive(WAIT);
        assertThat(back).hasSize(172);
        assertThat(back[12]).isEqualTo((byte) 0x22);

        for (int i = 0; i < 9; i++) {
            caller.sendRtp(local(p[0]), (byte) 0x11);
            assertThat(callee.receive(WAIT)).isNotNull();
        }
        caller.skipSequence(3);
        caller.sendRtp(local(p[0]), (byte) 0x11);
        assertThat(callee.receive(WAIT)).isNotNull();

        Map<String, Object> q = media.ng("command", "query", "call-id", "c1");
        assertThat(q).containsEntry("result", "ok").containsKeys("created", "last signal", "tags", "totals");
        Map<?, ?> ftag = (Map<?, ?>) ((Map<?, ?>) q.get("tags")).get("ftag");
        Map<?, ?> rtp = (Map<?, ?>) ((List<?>) ((Map<?, ?>) ((List<?>) ftag.get("medias")).get(0)).get("streams")).get(0);
        Map<?, ?> stats = (Map<?, ?>) rtp.get("stats");
        assertThat(stats.get("packets")).isEqualTo(11L);
        assertThat(stats.get("bytes")).isEqualTo(11L * 172);
        assertThat(stats.get("sequence gaps")).isEqualTo(3L);
        assertThat(rtp.get("local port")).isEqualTo((long) p[0]);
        assertThat(ftag.get("in dialogue with")).isEqualTo("ttag");
        Map<?, ?> totals = (Map<?, ?>) ((Map<?, ?>) q.get("totals")).get("RTP");
        assertThat(totals.get("packets")).isEqualTo(12L);
    }

    @Test
    void afterLatchingAStrangersPacketsAreNotRelayed_symmetricRtp() throws Exception {
        start(10, Duration.ofSeconds(60));
        RtpPeer caller = peer(1);
        RtpPeer callee = peer(2);
        RtpPeer stranger = peer(3);
        int[] p = call("c2", caller, sdp("bob", callee.port(), false));
        caller.sendRtp(local(p[0]), (byte) 0x11);
        assertThat(callee.receive(WAIT)[12]).isEqualTo((byte) 0x11);

        for (int i = 0; i < 5; i++) {
            stranger.sendRtp(local(p[0]), (byte) 0x55);
        }
        caller.sendRtp(local(p[0]), (byte) 0x12);
        byte[] next = callee.receive(WAIT);
        assertThat(next[12]).as("the stranger's packets sent before it were not relayed").isEqualTo((byte) 0x12);
        assertThat(callee.receive(Duration.ofMillis(200))).isNull();
        RelaySession s = media.sessions.find("c2");
        assertThat(s.caller().latchedRtp()).isEqualTo(local(caller.port()));
        assertThat(s.caller().stats().rtpPackets()).as("dropped by the kernel or counted as drops, never relayed")
                .isEqualTo(2);
    }

    @Test
    void beforeTheCalleeLatchesCallerPacketsGoToTheAnswerSdpAddressAndRtcpToPortPlusOne_rfc3550_11() throws Exception {
        start(10, Duration.ofSeconds(60));
        RtpPeer caller = peer(1);
        RtpPeer callee = peer(2);
        RtpPeer calleeRtcp = peer(2);
        int[] p = call("c3", caller, sdpWithRtcp("bob", callee.port(), calleeRtcp.port()));
        caller.sendRtcp(local(p[0] + 1));
        byte[] rtcp = calleeRtcp.receive(WAIT);
        assertThat(rtcp).hasSize(8);
        assertThat(rtcp[1] & 0xff).isEqualTo(201);
        assertThat(media.sessions.find("c3").caller().stats().rtcpPackets()).isEqualTo(1);
    }

    @Test
    void rtcpMuxedOnTheRtpPortIsToldApartByPacketType_rfc5761_4() throws Exception {
        start(10, Duration.ofSeconds(60));
        RtpPeer caller = peer(1);
        RtpPeer callee = peer(2);
        Map<String, Object> offer = media.ng("command", "offer", "call-id", "c4", "from-tag", "f",
                "sdp", sdp("alice", caller.port(), true));
        assertThat((String) offer.get("sdp")).contains("a=rtcp-mux");
        Map<String, Object> answer = media.ng("command", "answer", "call-id", "c4", "from-tag", "f", "to-tag", "t",
                "sdp", sdp("bob", callee.port(), true));
        int callerSendsTo = audioPort(answer.get("sdp"));
        assertThat((String) answer.get("sdp")).contains("a=rtcp-mux", "a=rtcp:" + callerSendsTo + "\r\n");
        caller.sendRtcp(local(callerSendsTo));
        caller.sendRtp(local(callerSendsTo), (byte) 0x11);
        assertThat(callee.receive(WAIT)).hasSize(8);
        assertThat(callee.receive(WAIT)).hasSize(172);
        LegStats st = media.sessions.find("c4").caller().stats();
        assertThat(st.rtcpPackets()).isEqualTo(1);
        assertThat(st.rtpPackets()).isEqualTo(1);
    }

    @Test
    void aThirdOfferBeyondMaxSessionsTwoIsRefused() throws Exception {
        start(2, Duration.ofSeconds(60));
        for (int i = 0; i < 2; i++) {
            assertThat(media.ng("command", "offer", "call-id", "cap" + i, "from-tag", "f", "sdp", sdp("a", 5000, false)))
                    .containsEntry("result", "ok");
        }
        Map<String, Object> third = media.ng("command", "offer", "call-id", "cap2", "from-tag", "f", "sdp", sdp("a", 5000, false));
        assertThat(third).containsEntry("result", "error").containsEntry("error-reason", "session limit reached (2)");
        assertThat(media.sessions.size()).isEqualTo(2);
        assertThat(media.ports.pairsInUse()).isEqualTo(4);
    }

    @Test
    void anIdleSessionTimesOutAndReleasesItsPorts() throws Exception {
        start(10, Duration.ofSeconds(1));
        Map<String, Object> offer = media.ng("command", "offer", "call-id", "idle", "from-tag", "f", "sdp", sdp("a", 5000, false));
        int port = audioPort(offer.get("sdp"));
        assertThat(media.ports.pairsInUse()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> media.sessions.size() == 0);
        assertThat(media.ports.pairsInUse()).isZero();
        assertThat(media.sessions.timedOut()).isEqualTo(1);
        try (DatagramChannel rebind = DatagramChannel.open().bind(local(port))) {
            assertThat(rebind.isOpen()).isTrue();
        }
    }

    @Test
    void deleteReleasesPortsAndRepliesWithFinalStats_ngDelete() throws Exception {
        start(10, Duration.ofSeconds(60));
        RtpPeer caller = peer(1);
        RtpPeer callee = peer(2);
        int[] p = call("del", caller, sdp("bob", callee.port(), false));
        caller.sendRtp(local(p[0]), (byte) 1);
        assertThat(callee.receive(WAIT)).isNotNull();
        Map<String, Object> del = media.ng("command", "delete", "call-id", "del", "from-tag", "ftag");
        assertThat(del).containsEntry("result", "ok").containsKey("totals");
        assertThat(((Map<?, ?>) ((Map<?, ?>) del.get("totals")).get("RTP")).get("packets")).isEqualTo(1L);
        assertThat(media.sessions.size()).isZero();
        assertThat(media.ports.pairsInUse()).isZero();
        try (DatagramChannel a = DatagramChannel.open().bind(local(p[0]));
             DatagramChannel b = DatagramChannel.open().bind(local(p[1] + 1))) {
            assertThat(a.isOpen() && b.isOpen()).isTrue();
        }
        assertThat(media.ng("command", "delete", "call-id", "del", "from-tag", "ftag")).containsEntry("result", "ok").containsKey("warning");
        assertThat(media.ng("command", "delete", "call-id", "del", "flags", List.of("fatal"))).containsEntry("result", "error");
    }

    @Test
    void icmpPortUnreachableOnAConnectedLegDoesNotCloseIt() throws Exception {
        start(10, Duration.ofSeconds(60));
        RtpPeer caller = peer(1);
        RtpPeer callee = peer(2);
        int[] p = call("icmp", caller, sdp("bob", callee.port(), false));
        callee.sendRtp(local(p[1]), (byte) 2);
        assertThat(caller.receive(WAIT)).isNotNull();
        int callerPort = caller.port();
        caller.close();
        RtpPeer gone = caller;
        peers.remove(gone);
        for (int i = 0; i < 5; i++) {
            callee.sendRtp(local(p[1]), (byte) 2);
        }
        RelaySession s = media.sessions.find("icmp");
        await().atMost(WAIT).until(() -> s.callee().stats().rtpPackets() == 6);
        RtpPeer back = new RtpPeer(1, callerPort);
        peers.add(back);
        callee.sendRtp(local(p[1]), (byte) 3);
        byte[] again = back.receive(WAIT);
        assertThat(again).as("the caller's leg still relays after ICMP errors").isNotNull();
        assertThat(again[12]).isEqualTo((byte) 3);
    }
}
