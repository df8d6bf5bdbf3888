package io.switchboard.media.relay;

import static io.switchboard.media.MediaFixture.audioPort;
import static io.switchboard.media.MediaFixture.sdp;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.switchboard.media.MediaFixture;
import io.switchboard.media.RtpPeer;
import io.switchboard.media.srtp.SrtpKey;
import io.switchboard.media.srtp.SrtpStream;
import io.switchboard.media.srtp.SrtpSuite;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SDES-SRTP (RFC 4568, RFC 3711) terminated per leg by the relay, over real UDP on 127.0.0.1 and ng:
 * an SRTP caller talks to a plain callee. The callee is offered plain RTP; the caller's answer carries
 * the relay's own key; packets are decrypted from the caller and encrypted towards it.
 */
class SrtpRelayTest {
    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final Pattern CRYPTO = Pattern.compile("a=crypto:(\\d+) (\\S+) (inline:\\S+)");
    @TempDir
    Path dir;
    private MediaFixture media;
    private final List<RtpPeer> peers = new ArrayList<>();
    private final SrtpKey callerKey = SrtpKey.random(SrtpSuite.AES_CM_128_HMAC_SHA1_80, new SecureRandom());

    @BeforeEach
    void start() throws Exception {
        media = new MediaFixture(31400, 31599, 10, Duration.ofSeconds(60), dir, false);
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

    private String srtpSdp(String user, int port, String profile, SrtpKey key) {
        return sdp(user, port, false).replace("RTP/AVP", profile)
                .replace("a=sendrecv\r\n", "a=crypto:7 AES_CM_128_HMAC_SHA1_80 " + key.keyParams() + "\r\na=sendrecv\r\n");
    }

    private static byte[] plainRtp(int seq) {
        ByteBuffer b = ByteBuffer.allocate(172);
        b.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt(seq * 160).putInt(0x1234);
        for (int i = 0; i < 160; i++) {
            b.put((byte) (seq + i));
        }
        return b.array();
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), out);
        return out;
    }

    @Test
    void anSrtpCallerTalksToAPlainCalleeThroughTheRelayBothWays_rfc4568_6_1() throws Exception {
        RtpPeer caller = peer(1);
        RtpPeer callee = peer(2);
        Map<String, Object> o = media.ng("command", "offer", "call-id", "srtp", "from-tag", "ftag", "sdp",
                srtpSdp("alice", caller.port(), "RTP/SAVP", callerKey));
        assertThat(o).containsEntry("result", "ok");
        String toCallee = (String) o.get("sdp");
        assertThat(toCallee).contains("m=audio " + audioPort(toCallee) + " RTP/AVP ").doesNotContain("a=crypto");
        Map<String, Object> a = media.ng("command", "answer", "call-id", "srtp", "from-tag", "ftag", "to-tag", "ttag", "sdp",
                sdp("bob", callee.port(), false));
        assertThat(a).containsEntry("result", "ok");
        String toCaller = (String) a.get("sdp");
        assertThat(toCaller).contains(" RTP/SAVP ");
        Matcher m = CRYPTO.matcher(toCaller);
        assertThat(m.find()).as("a crypto line in %s", toCaller).isTrue();
        assertThat(m.group(1)).as("the tag the caller offered").isEqualTo("7");
        assertThat(m.group(2)).isEqualTo("AES_CM_128_HMAC_SHA1_80");
        assertThat(m.group(3)).as("the relay sends with a key of its own").isNotEqualTo(callerKey.keyParams());
        SrtpKey relayKey = SrtpKey.parse(SrtpSuite.AES_CM_128_HMAC_SHA1_80, m.group(3));
        InetSocketAddress callerSide = new InetSocketAddress("127.0.0.1", audioPort(toCaller));
        InetSocketAddress calleeSide = new InetSocketAddress("127.0.0.1", audioPort(toCallee));

        SrtpStream callerSends = SrtpStream.encrypting(callerKey);
        SrtpStream callerHears = SrtpStream.decrypting(relayKey);
        for (int seq = 1; seq <= 5; seq++) {
            byte[] plain = plainRtp(seq);
            ByteBuf srtp = Unpooled.buffer(256).writeBytes(plain);
            assertThat(callerSends.protectRtp(srtp)).isTrue();
            caller.socket.send(ByteBuffer.wrap(bytes(srtp)), callerSide);
            byte[] heard = callee.receive(WAIT);
            assertThat(heard).as("packet %d decrypted for the plain callee", seq).isEqualTo(plain);

            callee.sendRtp(calleeSide, (byte) 0x55);
            byte[] protectedBack = caller.receive(WAIT);
            assertThat(protectedBack).as("packet %d towards the SRTP caller", seq).isNotNull().hasSize(172 + 10);
            ByteBuf back = Unpooled.buffer(256).writeBytes(protectedBack);
            assertThat(callerHears.unprotectRtp(back)).as("authentic, under the key the relay announced").isTrue();
            byte[] payload = Arrays.copyOfRange(bytes(back), 12, 172);
            assertThat(payload).containsOnly((byte) 0x55);
        }

        // A forged packet (one bit flipped) does not reach the callee.
        ByteBuf forged = Unpooled.buffer(256).writeBytes(plainRtp(6));
        callerSends.protectRtp(forged);
        forged.setByte(40, forged.getByte(40) ^ 1);
        caller.socket.send(ByteBuffer.wrap(bytes(forged)), callerSide);
        assertThat(callee.receive(Duration.ofMillis(300))).as("a forged packet is dropped").isNull();
    }

    @Test
    void bestEffortSdesOnRtpAvpIsAnsweredInTheSameProfile() throws Exception {
        RtpPeer caller = peer(3);
        RtpPeer callee = peer(4);
        media.ng("command", "offer", "call-id", "best", "from-tag", "ftag", "sdp", srtpSdp("alice", caller.port(), "RTP/AVP", callerKey));
        Map<String, Object> a = media.ng("command", "answer", "call-id", "best", "from-tag", "ftag", "to-tag", "ttag", "sdp",
                sdp("bob", callee.port(), false));
        assertThat((String) a.get("sdp")).contains(" RTP/AVP ").contains("a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:");
    }

    @Test
    void signalingMayAskForSrtpTowardsTheCalleeWithRtpenginesTransportProtocol() throws Exception {
        RtpPeer caller = peer(5);
        Map<String, Object> o = media.ng("command", "offer", "call-id", "to-srtp", "from-tag", "ftag", "sdp",
                sdp("alice", caller.port(), false), "transport-protocol", "RTP/SAVP");
        assertThat((String) o.get("sdp")).contains(" RTP/SAVP ").containsPattern("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:");
    }

    @Test
    void anOpportunisticOfferIsPlainAvpWithACryptoLineAndAPlainAnswerKeepsTheLegPlain_rfc8643() throws Exception {
        RtpPeer caller = peer(7);
        RtpPeer callee = peer(8);
        Map<String, Object> o = media.ng("command", "offer", "call-id", "osrtp", "from-tag", "ftag", "sdp",
                sdp("alice", caller.port(), false), "flags", List.of("OSRTP-offer"));
        String toCallee = (String) o.get("sdp");
        assertThat(toCallee).contains(" RTP/AVP ").containsPattern("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:");
        Map<String, Object> a = media.ng("command", "answer", "call-id", "osrtp", "from-tag", "ftag", "to-tag", "ttag", "sdp",
                sdp("bob", callee.port(), false));
        assertThat((String) a.get("sdp")).doesNotContain("a=crypto");
        // A phone that ignored the crypto line gets plain RTP.
        callee.sendRtp(new InetSocketAddress("127.0.0.1", audioPort(toCallee)), (byte) 0x33);
        assertThat(caller.receive(WAIT)).hasSize(172);
        caller.sendRtp(new InetSocketAddress("127.0.0.1", audioPort((String) a.get("sdp"))), (byte) 0x44);
        assertThat(callee.receive(WAIT)).as("plain towards the callee that answered plain").hasSize(172);
    }

    @Test
    void unknownSuitesAreRefusedWithTheReason() throws Exception {
        RtpPeer caller = peer(6);
        Map<String, Object> unknown = media.ng("command", "offer", "call-id", "f8", "from-tag", "ftag", "sdp",
                sdp("alice", caller.port(), false).replace("RTP/AVP", "RTP/SAVP")
                        .replace("a=sendrecv", "a=crypto:1 F8_128_HMAC_SHA1_80 " + callerKey.keyParams() + "\r\na=sendrecv"));
        assertThat(unknown).containsEntry("result", "error");
        assertThat((String) unknown.get("error-reason")).contains("F8_128_HMAC_SHA1_80").contains("supported: AES_CM_128_HMAC_SHA1_80");
    }
}
