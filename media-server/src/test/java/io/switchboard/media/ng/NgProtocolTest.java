package io.switchboard.media.ng;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.ng.NgMessage;
import io.switchboard.media.MediaFixture;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ng protocol byte for byte, as Kamailio's rtpengine module sends it (docs/ng_control_protocol.md). */
class NgProtocolTest {
    @TempDir
    Path dir;
    private MediaFixture media;
    private DatagramChannel kamailio;

    @BeforeEach
    void start() throws Exception {
        media = new MediaFixture(42000, 42999, 10, Duration.ofSeconds(60), dir, false);
        kamailio = DatagramChannel.open(java.net.StandardProtocolFamily.INET).bind(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stop() throws Exception {
        kamailio.close();
        media.close();
    }

    private String exchange(String datagram) throws Exception {
        kamailio.send(ByteBuffer.wrap(datagram.getBytes(StandardCharsets.ISO_8859_1)), media.ngAddress);
        String reply = receive(Duration.ofSeconds(2));
        assertThat(reply).as("reply to " + datagram).isNotNull();
        return reply;
    }

    private String receive(Duration wait) throws Exception {
        kamailio.configureBlocking(false);
        ByteBuffer b = ByteBuffer.allocate(65535);
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (kamailio.receive(b) != null) {
                b.flip();
                return StandardCharsets.ISO_8859_1.decode(b).toString();
            }
            java.util.concurrent.locks.LockSupport.parkNanos(500_000);
        }
        return null;
    }

    private static String bstr(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1).length + ":" + s;
    }

    @Test
    void pingIsAnsweredWithPong_ngPing() throws Exception {
        assertThat(exchange("5323_1 d7:command4:pinge")).isEqualTo("5323_1 d6:result4:ponge");
    }

    @Test
    void offerAnswerDeleteAsKamailioSendsThem_ngOfferAnswerDelete() throws Exception {
        String offerSdp = MediaFixture.sdp("alice", 40000, false);
        String offer = exchange("5323_2 d3:sdp" + bstr(offerSdp) + "7:call-id" + bstr("abc@host") + "8:from-tag" + bstr("ft1")
                + "5:flagsl13:trust-addresse7:replacel6:origin18:session-connectione7:command5:offere");
        assertThat(offer).startsWith("5323_2 d6:result2:ok3:sdp");
        String sdp = (String) NgMessage.decode(offer.getBytes(StandardCharsets.ISO_8859_1)).dict().get("sdp");
        int calleePort = MediaFixture.audioPort(sdp);
        assertThat(sdp).isEqualTo(offerSdp.replace("m=audio 40000 ", "m=audio " + calleePort + " ")
                + "a=rtcp:" + (calleePort + 1) + "\r\n");

        String answerSdp = MediaFixture.sdp("bob", 40100, false);
        String answer = exchange("5323_3 d3:sdp" + bstr(answerSdp) + "7:call-id" + bstr("abc@host") + "8:from-tag" + bstr("ft1")
                + "6:to-tag" + bstr("tt1") + "7:command6:answere");
        String answered = (String) NgMessage.decode(answer.getBytes(StandardCharsets.ISO_8859_1)).dict().get("sdp");
        int callerPort = MediaFixture.audioPort(answered);
        assertThat(callerPort).isNotEqualTo(calleePort);
        assertThat(answer).isEqualTo("5323_3 d6:result2:ok3:sdp" + bstr(answerSdp.replace("m=audio 40100 ", "m=audio " + callerPort + " ")
                + "a=rtcp:" + (callerPort + 1) + "\r\n") + "e");

        String delete = exchange("5323_4 d7:call-id" + bstr("abc@host") + "8:from-tag" + bstr("ft1") + "7:command6:deletee");
        assertThat(delete).startsWith("5323_4 d6:result2:ok7:createdi").contains("4:tagsd3:ft1d3:tag3:ft1", "6:totalsd3:RTPd7:packetsi0e");
        assertThat(media.sessions.size()).isZero();
    }

    @Test
    void aRetransmittedCookieGetsTheIdenticalReplyAndIsNotExecutedAgain_ngCookie() throws Exception {
        String offer = "77_1 d7:command5:offer7:call-id2:c18:from-tag1:f3:sdp" + bstr(MediaFixture.sdp("a", 40000, false)) + "e";
        String first = exchange(offer);
        assertThat(media.sessions.size()).isEqualTo(1);
        assertThat(media.ports.pairsInUse()).isEqualTo(2);
        String again = exchange(offer);
        assertThat(again).isEqualTo(first);
        assertThat(media.sessions.size()).isEqualTo(1);
        assertThat(media.ng.retransmissions()).isEqualTo(1);
        String delete = "77_2 d7:command6:delete7:call-id2:c1e";
        String deleted = exchange(delete);
        assertThat(exchange(delete)).isEqualTo(deleted);
    }

    @Test
    void garbageWithAReadableCookieGetsAnErrorReplyAndWithoutOneIsDropped() throws Exception {
        assertThat(exchange("9_1 d7:command4:ping")).isEqualTo("9_1 d6:result5:error12:error-reason"
                + bstr("unexpected end of input at offset 16 (expected a dictionary key or 'e')") + "e");
        assertThat(exchange("9_2 hello")).startsWith("9_2 d6:result5:error12:error-reason").contains("expected a bencoded dictionary");
        kamailio.send(ByteBuffer.wrap("no-space-at-all".getBytes(StandardCharsets.US_ASCII)), media.ngAddress);
        assertThat(receive(Duration.ofMillis(300))).isNull();
        assertThat(exchange("9_3 d7:command4:pinge")).isEqualTo("9_3 d6:result4:ponge");
    }

    @Test
    void anUnknownCommandIsAnErrorNamingTheAllowedOnes() throws Exception {
        assertThat(exchange("1_1 d7:command4:offre")).isEqualTo("1_1 d6:result5:error12:error-reason"
                + bstr("unknown command 'offr' (expected ping|offer|answer|delete|query|start recording|stop recording)") + "e");
        assertThat(exchange("1_2 d7:command5:offere")).contains("'offer' needs key 'call-id'");
        assertThat(exchange("1_3 d7:command6:answer7:call-id1:x8:from-tag1:f6:to-tag1:t3:sdp"
                + bstr(MediaFixture.sdp("b", 4000, false)) + "e")).contains("Unknown call-id 'x'");
        assertThat(exchange("1_4 d7:command5:offer7:call-id1:y8:from-tag1:f3:sdp" + bstr("v=0\r\nx=1\r\n") + "e"))
                .contains("SDP line 2: missing o= line");
        assertThat(exchange("1_5 d7:command5:query7:call-idi5ee")).contains("key 'call-id' must be a string, got an integer");
    }
}
