package io.switchboard.media.webrtc;

import static io.switchboard.media.MediaFixture.audioPort;
import static io.switchboard.media.MediaFixture.sdp;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.switchboard.media.MediaFixture;
import io.switchboard.media.RtpPeer;
import io.switchboard.media.srtp.SrtpStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.UDPTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebRTC media through the relay over real UDP on 127.0.0.1 and ng: a "browser" made of a UDP socket,
 * STUN checks built here and BouncyCastle's DTLS (our DTLS-SRTP peer classes, from the other side)
 * calls a plain RTP phone and is called by one. The relay must answer the check (RFC 8445 §7.3),
 * complete DTLS-SRTP (RFC 5764) with the certificate its SDP names, and relay decrypted RTP to the
 * plain phone and encrypted RTP back. Chromium does the same against it in the loadtest module.
 */
class WebRtcRelayTest {
    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final String BROWSER_UFRAG = "brws";
    private static final String BROWSER_PWD = "browserpassword1234567890";
    private static final Pattern UFRAG = Pattern.compile("a=ice-ufrag:(\\S+)");
    private static final Pattern PWD = Pattern.compile("a=ice-pwd:(\\S+)");
    @TempDir
    Path dir;
    private MediaFixture media;
    private DtlsIdentity browserIdentity;
    private DatagramSocket browser;
    private RtpPeer phone;

    @BeforeEach
    void start() throws Exception {
        media = new MediaFixture(31600, 31799, 10, Duration.ofSeconds(60), dir, false);
        browserIdentity = DtlsIdentity.generate(new SecureRandom(), Instant.now());
        browser = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        browser.setSoTimeout(2000);
        phone = new RtpPeer(0x5151);
    }

    @AfterEach
    void stop() throws Exception {
        browser.close();
        phone.close();
        media.close();
    }

    /** What Chromium offers, cut to one audio line: DTLS actpass, ICE credentials, a mid in a BUNDLE group, rtcp-mux. */
    private String browserSdp(String setup, DtlsFingerprint fingerprint) {
        return "v=0\r\no=- 4611 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\na=msid-semantic: WMS\r\n"
                + "m=audio " + browser.getLocalPort() + " UDP/TLS/RTP/SAVPF 111 0 126\r\n"
                + "c=IN IP4 127.0.0.1\r\na=rtcp:9 IN IP4 0.0.0.0\r\n"
                + "a=candidate:1 1 udp 2122260223 127.0.0.1 " + browser.getLocalPort() + " typ host generation 0\r\n"
                + "a=ice-ufrag:" + BROWSER_UFRAG + "\r\na=ice-pwd:" + BROWSER_PWD + "\r\na=ice-options:trickle\r\n"
                + "a=fingerprint:" + fingerprint + "\r\na=setup:" + setup + "\r\na=mid:0\r\n"
                + "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\na=sendrecv\r\na=msid:- track\r\na=rtcp-mux\r\n"
                + "a=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n"
                + "a=rtpmap:0 PCMU/8000\r\na=rtpmap:126 telephone-event/8000\r\na=ssrc:99 cname:x\r\n";
    }

    private static String group(Pattern p, String sdp) {
        Matcher m = p.matcher(sdp);
        assertThat(m.find()).as("%s in %s", p, sdp).isTrue();
        return m.group(1);
    }

    @Test
    void aBrowserCallsAPlainPhoneThroughIceLiteAndDtlsSrtp_rfc8445_7_3_rfc5764_4() throws Exception {
        Map<String, Object> o = media.ng("command", "offer", "call-id", "web1", "from-tag", "browser", "sdp",
                browserSdp("actpass", browserIdentity.fingerprint()));
        assertThat(o).containsEntry("result", "ok");
        String toPhone = (String) o.get("sdp");
        assertThat(toPhone).contains(" RTP/AVP 111 0 126").doesNotContain("a=fingerprint", "a=setup", "a=ice-", "a=candidate",
                "a=mid", "a=group", "a=extmap", "a=crypto", "a=rtcp-fb");
        Map<String, Object> a = media.ng("command", "answer", "call-id", "web1", "from-tag", "browser", "to-tag", "phone", "sdp",
                sdp("phone", phone.port(), false));
        assertThat(a).containsEntry("result", "ok");
        String toBrowser = (String) a.get("sdp");
        int port = audioPort(toBrowser);
        assertThat(toBrowser).contains("m=audio " + port + " UDP/TLS/RTP/SAVPF ", "a=ice-lite", "a=group:BUNDLE 0", "a=mid:0",
                "a=setup:passive", "a=rtcp-mux", "a=rtcp:" + port, "a=candidate:1 1 udp 2130706431 127.0.0.1 " + port + " typ host",
                "a=fingerprint:sha-256 ").doesNotContain("a=crypto");
        InetSocketAddress relay = new InetSocketAddress("127.0.0.1", port);

        // Before a check, nothing from the browser's address is taken, and nothing is sent to it.
        phone.sendRtp(new InetSocketAddress("127.0.0.1", audioPort(toPhone)), (byte) 1);
        assertThat(receive(Duration.ofMillis(200))).as("no RTP in clear before DTLS").isNull();

        assertThat(check(relay, group(UFRAG, toBrowser), "wrong-password-0123456789")).as("a check with the wrong password")
                .isEqualTo(0x0111);
        assertThat(check(relay, group(UFRAG, toBrowser), group(PWD, toBrowser))).as("a binding success").isEqualTo(0x0101);

        browser.connect(relay);
        AtomicReference<DtlsSrtpKeys> keys = new AtomicReference<>();
        new DTLSClientProtocol().connect(new SrtpDtlsClient(browserIdentity, keys::set), new UDPTransport(browser, 1500));
        assertThat(keys.get()).isNotNull();
        assertThat(keys.get().presented(DtlsFingerprint.parse(group(Pattern.compile("a=fingerprint:(sha-256 \\S+)"), toBrowser))))
                .as("the relay's certificate is the one its SDP names").isTrue();

        talk(keys.get(), relay, new InetSocketAddress("127.0.0.1", audioPort(toPhone)));
    }

    @Test
    void aPlainPhoneCallsABrowserOfferedWebRtcWithActpass_rfc5763_5() throws Exception {
        Map<String, Object> o = media.ng("command", "offer", "call-id", "web2", "from-tag", "phone", "transport-protocol",
                "UDP/TLS/RTP/SAVPF", "sdp", sdp("phone", phone.port(), false));
        assertThat(o).containsEntry("result", "ok");
        String toBrowser = (String) o.get("sdp");
        int port = audioPort(toBrowser);
        assertThat(toBrowser).contains("m=audio " + port + " UDP/TLS/RTP/SAVPF ", "a=ice-lite", "a=setup:actpass", "a=rtcp-mux",
                "a=rtcp:" + port, "a=mid:0", "a=fingerprint:sha-256 ");
        // The browser answers setup:passive here (Chromium answers active; passive makes the relay the DTLS client).
        Map<String, Object> a = media.ng("command", "answer", "call-id", "web2", "from-tag", "phone", "to-tag", "browser", "sdp",
                browserSdp("passive", browserIdentity.fingerprint()));
        assertThat(a).containsEntry("result", "ok");
        String toPhone = (String) a.get("sdp");
        assertThat(toPhone).contains(" RTP/AVP ").doesNotContain("a=fingerprint", "a=ice-", "a=setup");
        InetSocketAddress relay = new InetSocketAddress("127.0.0.1", port);
        assertThat(check(relay, group(UFRAG, toBrowser), group(PWD, toBrowser))).isEqualTo(0x0101);

        browser.connect(relay);
        AtomicReference<DtlsSrtpKeys> keys = new AtomicReference<>();
        new DTLSServerProtocol().accept(new SrtpDtlsServer(browserIdentity, keys::set), new UDPTransport(browser, 1500));
        assertThat(keys.get()).isNotNull();
        talk(keys.get(), relay, new InetSocketAddress("127.0.0.1", audioPort(toPhone)));
    }

    @Test
    void aDtlsPeerWhoseCertificateIsNotTheOneItsSdpNamesGetsNoMedia_rfc5763_5() throws Exception {
        DtlsIdentity impostor = DtlsIdentity.generate(new SecureRandom(), Instant.now());
        media.ng("command", "offer", "call-id", "web3", "from-tag", "browser", "sdp", browserSdp("actpass", browserIdentity.fingerprint()));
        Map<String, Object> a = media.ng("command", "answer", "call-id", "web3", "from-tag", "browser", "to-tag", "phone", "sdp",
                sdp("phone", phone.port(), false));
        String toBrowser = (String) a.get("sdp");
        InetSocketAddress relay = new InetSocketAddress("127.0.0.1", audioPort(toBrowser));
        assertThat(check(relay, group(UFRAG, toBrowser), group(PWD, toBrowser))).isEqualTo(0x0101);
        browser.connect(relay);
        AtomicReference<DtlsSrtpKeys> keys = new AtomicReference<>();
        new DTLSClientProtocol().connect(new SrtpDtlsClient(impostor, keys::set), new UDPTransport(browser, 1500));
        SrtpStream sends = SrtpStream.encrypting(keys.get().sending());
        for (int seq = 1; seq <= 3; seq++) {
            send(sends, seq);
        }
        assertThat(phone.receive(Duration.ofMillis(300))).as("nothing relayed from an unverified peer").isNull();
    }

    @Test
    void aWebRtcOfferWithoutFingerprintOrRtcpMuxIsRefusedNamingWhatIsMissing_rfc8834_5_1_3() throws Exception {
        String offer = browserSdp("actpass", browserIdentity.fingerprint());
        Map<String, Object> noMux = media.ng("command", "offer", "call-id", "web4", "from-tag", "browser", "sdp",
                offer.replace("a=rtcp-mux\r\n", ""));
        assertThat(noMux).containsEntry("result", "error");
        assertThat((String) noMux.get("error-reason")).contains("rtcp-mux");
        Map<String, Object> noFingerprint = media.ng("command", "offer", "call-id", "web5", "from-tag", "browser", "sdp",
                offer.replaceAll("a=fingerprint:[^\r]*\r\n", ""));
        assertThat(noFingerprint).containsEntry("result", "error");
        assertThat((String) noFingerprint.get("error-reason")).contains("a=fingerprint");
        Map<String, Object> badSetup = media.ng("command", "offer", "call-id", "web6", "from-tag", "browser", "sdp",
                offer.replace("a=setup:actpass", "a=setup:sideways"));
        assertThat((String) badSetup.get("error-reason")).contains("a=setup:sideways");
    }

    /** Five packets each way: SRTP from the browser arrives plain at the phone; the phone's RTP arrives as SRTP that authenticates. */
    private void talk(DtlsSrtpKeys keys, InetSocketAddress relay, InetSocketAddress phoneSide) throws Exception {
        SrtpStream sends = SrtpStream.encrypting(keys.sending());
        SrtpStream hears = SrtpStream.decrypting(keys.receiving());
        // Our side's handshake may end a moment before the relay's (the last flight is still on its way):
        // what arrives before the relay has its keys is dropped, as a browser's first packets may be.
        int first = 1;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            send(sends, first++);
            if (phone.receive(Duration.ofMillis(50)) != null) {
                break;
            }
            assertThat(System.nanoTime()).as("the relay never relayed the browser's SRTP").isLessThan(deadline);
        }
        for (int seq = first; seq < first + 5; seq++) {
            byte[] plain = send(sends, seq);
            assertThat(phone.receive(WAIT)).as("packet %d decrypted for the plain phone", seq).isEqualTo(plain);
            phone.sendRtp(phoneSide, (byte) 0x55);
            byte[] back = receive(WAIT);
            assertThat(back).as("packet %d towards the browser", seq).isNotNull().hasSize(172 + 10);
            ByteBuf b = Unpooled.buffer(256).writeBytes(back);
            assertThat(hears.unprotectRtp(b)).as("SRTP under the DTLS-exported key").isTrue();
            assertThat(Arrays.copyOfRange(b.array(), b.arrayOffset() + 12, b.arrayOffset() + 172)).containsOnly((byte) 0x55);
        }
    }

    private byte[] send(SrtpStream sends, int seq) throws Exception {
        ByteBuffer p = ByteBuffer.allocate(172);
        p.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt(seq * 160).putInt(0x7777);
        for (int i = 0; i < 160; i++) {
            p.put((byte) (seq + i));
        }
        byte[] plain = p.array();
        ByteBuf srtp = Unpooled.buffer(256).writeBytes(plain);
        assertThat(sends.protectRtp(srtp)).isTrue();
        byte[] out = new byte[srtp.readableBytes()];
        srtp.getBytes(srtp.readerIndex(), out);
        browser.send(new DatagramPacket(out, out.length));
        return plain;
    }

    private byte[] receive(Duration wait) throws Exception {
        browser.setSoTimeout((int) wait.toMillis());
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            browser.receive(p);
        } catch (java.net.SocketTimeoutException e) {
            return null;
        }
        return Arrays.copyOf(buf, p.getLength());
    }

    /** Sends a connectivity check as a controlling browser does (RFC 8445 §7.2.2); returns the response's type, or -1. */
    private int check(InetSocketAddress relay, String relayUfrag, String relayPassword) throws Exception {
        byte[] user = (relayUfrag + ":" + BROWSER_UFRAG).getBytes(StandardCharsets.US_ASCII);
        int userPadded = (user.length + 3) & ~3;
        ByteBuffer m = ByteBuffer.allocate(20 + 4 + userPadded + 4 + 4 + 4 + 24 + 8);
        byte[] tid = new byte[12];
        new SecureRandom().nextBytes(tid);
        m.putShort((short) 0x0001).putShort((short) 0).putInt(0x2112A442).put(tid);
        m.putShort((short) 0x0006).putShort((short) user.length).put(user).put(new byte[userPadded - user.length]);
        m.putShort((short) 0x0024).putShort((short) 4).putInt(0x6e7f1eff); // PRIORITY
        m.putShort((short) 0x0025).putShort((short) 0); // USE-CANDIDATE
        int integrityAt = m.position();
        m.putShort(2, (short) (integrityAt + 24 - 20));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(relayPassword.getBytes(StandardCharsets.US_ASCII), "HmacSHA1"));
        mac.update(m.array(), 0, integrityAt);
        m.putShort((short) 0x0008).putShort((short) 20).put(mac.doFinal());
        int fingerprintAt = m.position();
        m.putShort(2, (short) (fingerprintAt + 8 - 20));
        CRC32 crc = new CRC32();
        crc.update(m.array(), 0, fingerprintAt);
        m.putShort((short) 0x8028).putShort((short) 4).putInt((int) (crc.getValue() ^ 0x5354554eL));
        browser.send(new DatagramPacket(m.array(), m.position(), relay));
        byte[] r = receive(WAIT);
        if (r == null) {
            return -1;
        }
        assertThat(Arrays.copyOfRange(r, 8, 20)).as("the response's transaction ID").isEqualTo(tid);
        return ((r[0] & 0xff) << 8) | (r[1] & 0xff);
    }

    static {
        // Resolve 127.0.0.1 once, outside the timed waits.
        InetAddress.getLoopbackAddress();
    }
}
