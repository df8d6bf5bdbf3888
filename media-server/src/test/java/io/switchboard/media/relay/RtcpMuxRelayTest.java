package io.switchboard.media.relay;

import static io.switchboard.media.MediaFixture.audioPort;
import static io.switchboard.media.MediaFixture.sdp;
import static io.switchboard.media.MediaFixture.sdpWithRtcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.media.MediaFixture;
import io.switchboard.media.RtpPeer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rtcp-mux (RFC 5761) through the relay with real UDP on 127.0.0.1: phones as plain sockets, the
 * relay driven through ng. Sockets are counted three ways: the {@code media_open_sockets} gauge
 * ({@link RelayPorts#openSockets}), this process's descriptors in /proc/self/fd, and which of the
 * legs' ports this process really has bound (/proc/net/udp, matched by socket inode).
 */
class RtcpMuxRelayTest {
    private static final Duration WAIT = Duration.ofSeconds(2);
    @TempDir
    Path dir;
    private MediaFixture media;
    private final List<RtpPeer> peers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        // Below the kernel's ephemeral range, so no peer socket can take a leg's odd port meanwhile.
        media = new MediaFixture(31000, 31199, 10, Duration.ofSeconds(60), dir, false);
    }

    @AfterEach
    void stop() throws Exception {
        for (RtpPeer p : peers) {
            p.close();
        }
        media.close();
    }

    private RtpPeer peer(int ssrc) throws Exception {
        RtpPeer p = new RtpPeer(ssrc);
        peers.add(p);
        return p;
    }

    private static InetSocketAddress local(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    private static long openDescriptors() throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** The UDP ports this process has bound among {@code candidates}. */
    private static Set<Integer> boundByThisProcess(int... candidates) throws Exception {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (java.io.IOException gone) {
                    // closed while listing
                }
            }
        }
        Set<Integer> wanted = new HashSet<>();
        for (int c : candidates) {
            wanted.add(c);
        }
        Set<Integer> bound = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/net/udp")).subList(1, Files.readAllLines(Path.of("/proc/net/udp")).size())) {
            String[] f = line.trim().split("\\s+");
            int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
            if (wanted.contains(port) && inodes.contains(f[9])) {
                bound.add(port);
            }
        }
        return bound;
    }

    private record Call(int callerSendsTo, int calleeSendsTo, String offerSdp, String answerSdp) {
    }

    private Call call(String callId, String callerSdp, String calleeSdp, Object... offerExtras) {
        List<Object> offer = new ArrayList<>(List.of("command", "offer", "call-id", callId, "from-tag", "ftag", "sdp", callerSdp));
        offer.addAll(List.of(offerExtras));
        Map<String, Object> o = media.ng(offer.toArray());
        assertThat(o).containsEntry("result", "ok");
        Map<String, Object> a = media.ng("command", "answer", "call-id", callId, "from-tag", "ftag", "to-tag", "ttag", "sdp", calleeSdp);
        assertThat(a).containsEntry("result", "ok");
        return new Call(audioPort(a.get("sdp")), audioPort(o.get("sdp")), (String) o.get("sdp"), (String) a.get("sdp"));
    }

    @Test
    void aCallWhoseLegsBothOfferRtcpMuxOpensTwoSocketsAndCarriesRtpAndRtcpOnOnePortEachWay_rfc5761_5_1_1() throws Exception {
        RtpPeer caller = peer(1);
        RtpPeer callee = peer(2);
        int gaugeBefore = media.ports.openSockets();
        long fdsBefore = openDescriptors();

        Call c = call("mux", sdp("alice", caller.port(), true), sdp("bob", callee.port(), true));

        assertThat(c.offerSdp()).contains("a=rtcp-mux\r\n");
        assertThat(c.answerSdp()).contains("a=rtcp-mux\r\n", "a=rtcp:" + c.callerSendsTo() + "\r\n");
        assertThat(media.ports.openSockets() - gaugeBefore).as("media_open_sockets").isEqualTo(2);
        assertThat(openDescriptors() - fdsBefore).as("/proc/self/fd").isEqualTo(2);
        assertThat(boundByThisProcess(c.callerSendsTo(), c.callerSendsTo() + 1, c.calleeSendsTo(), c.calleeSendsTo() + 1))
                .as("RTP ports bound, their RTCP ports never").containsExactlyInAnyOrder(c.callerSendsTo(), c.calleeSendsTo());

        caller.sendRtp(local(c.callerSendsTo()), (byte) 0x11);
        caller.sendRtcp(local(c.callerSendsTo()));
        assertThat(callee.receive(WAIT)).hasSize(172);
        byte[] rtcp = callee.receive(WAIT);
        assertThat(rtcp).as("the caller's RTCP, on the callee's RTP port").hasSize(8);
        assertThat(rtcp[1] & 0xff).isEqualTo(201);

        callee.sendRtp(local(c.calleeSendsTo()), (byte) 0x22);
        callee.sendRtcp(local(c.calleeSendsTo()));
        assertThat(caller.receive(WAIT)).hasSize(172);
        assertThat(caller.receive(WAIT)).as("the callee's RTCP, on the caller's RTP port").hasSize(8);

        RelaySession s = media.sessions.find("mux");
        assertThat(s.caller().stats().rtcpPackets()).isEqualTo(1);
        assertThat(s.caller().stats().rtpPackets()).isEqualTo(1);
        assertThat(s.callee().stats().rtcpPackets()).isEqualTo(1);
        assertThat(s.callee().stats().rtpPackets()).isEqualTo(1);

        assertThat(media.ng("command", "delete", "call-id", "mux")).containsEntry("result", "ok");
        assertThat(media.ports.openSockets()).isEqualTo(gaugeBefore);
        assertThat(openDescriptors()).isEqualTo(fdsBefore);
    }

    @Test
    void withoutRtcpMuxACallStillOpensFourSockets_rfc3550_11() throws Exception {
        RtpPeer caller = peer(1);
        RtpPeer callee = peer(2);
        int gaugeBefore = media.ports.openSockets();
        long fdsBefore = openDescriptors();
        Call c = call("plain", sdp("alice", caller.port(), false), sdp("bob", callee.port(), false));
        assertThat(media.ports.openSockets() - gaugeBefore).isEqualTo(4);
        assertThat(openDescriptors() - fdsBefore).isEqualTo(4);
        assertThat(boundByThisProcess(c.callerSendsTo(), c.callerSendsTo() + 1, c.calleeSendsTo(), c.calleeSendsTo() + 1))
                .hasSize(4);
        assertThat(c.answerSdp()).contains("a=rtcp:" + (c.callerSendsTo() + 1) + "\r\n").doesNotContain("rtcp-mux");
    }

    @Test
    void aMuxedCallerAndACalleeWithoutMuxRelayRtcpFromTheCallersRtpPortToTheCalleesRtcpPortAndBack_rfc5761_5_1_1()
            throws Exception {
        RtpPeer caller = peer(1);
        RtpPeer callee = peer(2);
        RtpPeer calleeRtcp = peer(2);
        int gaugeBefore = media.ports.openSockets();

        Call c = call("mixed", sdp("alice", caller.port(), true), sdpWithRtcp("bob", callee.port(), calleeRtcp.port()));

        assertThat(c.offerSdp()).as("offered on with port+1 as the fallback (RFC 5761 section 5.1.3)")
                .contains("a=rtcp-mux\r\n", "a=rtcp:" + (c.calleeSendsTo() + 1) + "\r\n");
        assertThat(c.answerSdp()).contains("a=rtcp-mux\r\n", "a=rtcp:" + c.callerSendsTo() + "\r\n");
        assertThat(media.ports.openSockets() - gaugeBefore).as("the callee's fallback RTCP port bound at its answer").isEqualTo(3);
        assertThat(boundByThisProcess(c.callerSendsTo(), c.callerSendsTo() + 1, c.calleeSendsTo(), c.calleeSendsTo() + 1))
                .containsExactlyInAnyOrder(c.callerSendsTo(), c.calleeSendsTo(), c.calleeSendsTo() + 1);

        caller.sendRtcp(local(c.callerSendsTo()));
        byte[] atCallee = calleeRtcp.receive(WAIT);
        assertThat(atCallee).as("from the caller's RTP port to the callee's RTCP port").hasSize(8);
        assertThat(atCallee[1] & 0xff).isEqualTo(201);
        assertThat(callee.receive(Duration.ofMillis(200))).as("not on the callee's RTP port").isNull();

        calleeRtcp.sendRtcp(local(c.calleeSendsTo() + 1));
        byte[] atCaller = caller.receive(WAIT);
        assertThat(atCaller).as("from the callee's RTCP port to the caller's RTP port").hasSize(8);
        assertThat(atCaller[1] & 0xff).isEqualTo(201);

        caller.sendRtp(local(c.callerSendsTo()), (byte) 0x11);
        assertThat(callee.receive(WAIT)).hasSize(172);
        callee.sendRtp(local(c.calleeSendsTo()), (byte) 0x22);
        assertThat(caller.receive(WAIT)).hasSize(172);

        RelaySession s = media.sessions.find("mixed");
        assertThat(s.caller().rtcpMux()).isTrue();
        assertThat(s.callee().rtcpMux()).isFalse();
        assertThat(s.caller().stats().rtcpPackets()).isEqualTo(1);
        assertThat(s.callee().stats().rtcpPackets()).isEqualTo(1);
    }

    @Test
    void aCallerWithoutMuxAndACalleeOfferedItByNgRelayRtcpFromTheCallersRtcpPortToTheCalleesRtpPortAndBack_rfc5761_5_1_1()
            throws Exception {
        RtpPeer caller = peer(1);
        RtpPeer callerRtcp = peer(1);
        RtpPeer callee = peer(2);
        int gaugeBefore = media.ports.openSockets();

        Call c = call("mixed2", sdpWithRtcp("alice", caller.port(), callerRtcp.port()), sdp("bob", callee.port(), true),
                "rtcp-mux", List.of("offer"));

        assertThat(c.answerSdp()).doesNotContain("rtcp-mux").contains("a=rtcp:" + (c.callerSendsTo() + 1) + "\r\n");
        assertThat(media.ports.openSockets() - gaugeBefore).isEqualTo(3);
        assertThat(boundByThisProcess(c.callerSendsTo(), c.callerSendsTo() + 1, c.calleeSendsTo(), c.calleeSendsTo() + 1))
                .containsExactlyInAnyOrder(c.callerSendsTo(), c.callerSendsTo() + 1, c.calleeSendsTo());

        callerRtcp.sendRtcp(local(c.callerSendsTo() + 1));
        byte[] atCallee = callee.receive(WAIT);
        assertThat(atCallee).as("from the caller's RTCP port to the callee's RTP port").hasSize(8);
        callee.sendRtcp(local(c.calleeSendsTo()));
        byte[] atCaller = callerRtcp.receive(WAIT);
        assertThat(atCaller).as("from the callee's RTP port to the caller's RTCP port").hasSize(8);
        assertThat(caller.receive(Duration.ofMillis(200))).isNull();
    }
}
