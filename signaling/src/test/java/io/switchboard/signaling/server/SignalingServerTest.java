package io.switchboard.signaling.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.common.config.ConfigException;
import io.switchboard.common.config.ConfigLoader;
import io.switchboard.signaling.SignalingServer;
import io.switchboard.signaling.SignalingSettings;
import io.switchboard.signaling.auth.DigestAlgorithm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assembled signaling process over real UDP and HTTP sockets: what a phone and an operator see. */
class SignalingServerTest {
    private static final String ADMIN = "test-admin-password";
    @TempDir
    static Path dataDir;
    private static SignalingServer server;
    private static final ByteArrayOutputStream BANNER = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        int hzPort = 5601 + ThreadLocalRandom.current().nextInt(150);
        Map<String, String> o = new HashMap<>();
        o.put("sip.address", "127.0.0.1");
        o.put("sip.port", "0");
        o.put("http.address", "127.0.0.1");
        o.put("http.port", "0");
        o.put("data-dir", dataDir.toString());
        o.put("cluster.name", "sig-" + UUID.randomUUID());
        o.put("cluster.port", Integer.toString(hzPort));
        o.put("cluster.members", "127.0.0.1:" + hzPort);
        o.put("admin.password", ADMIN);
        SignalingSettings settings = SignalingSettings.from(new ConfigLoader(SignalingSettings.REFERENCE).load(null, Map.of(), o));
        server = SignalingServer.start(settings, "test", new PrintStream(BANNER, true, StandardCharsets.UTF_8));
        server.users().create("2001", "Test-Hq8z-2001", "Test");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String exchange(String message) throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(3000);
            String text = message.replace("PORT", Integer.toString(s.getLocalPort()));
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), server.sipPort()));
            DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
            while (true) {
                s.receive(p);
                String r = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                if (!r.startsWith("SIP/2.0 100")) {
                    return r;
                }
            }
        }
    }

    private static String request(String method, String cseqMethod, String extra) {
        return method + " sip:2001@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:PORT;branch=z9hG4bK" + UUID.randomUUID() + ";rport\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:2001@switchboard>;tag=t1\r\nTo: <sip:2001@switchboard>\r\n"
                + "Call-ID: " + UUID.randomUUID() + "\r\nCSeq: 1 " + cseqMethod + "\r\n" + extra + "Content-Length: 0\r\n\r\n";
    }

    @Test
    void bannerSaysWhereItListens() {
        String banner = BANNER.toString(StandardCharsets.UTF_8);
        assertThat(banner).contains("SIP").contains(":" + server.sipPort()).contains("/api").contains("/metrics");
    }

    @Test
    void optionsGets200WithAllow_rfc3261_11_2() throws Exception {
        String r = exchange(request("OPTIONS", "OPTIONS", ""));
        assertThat(r).startsWith("SIP/2.0 200").containsPattern("Allow: .*INVITE").containsPattern("Allow: .*REGISTER")
                .containsPattern("rport=\\d+");
    }

    @Test
    void newInviteIsChallengedMethodsNotServedGet405AndUnknownMethodsGet501_rfc3261_8_2_1() throws Exception {
        assertThat(exchange(request("INVITE", "INVITE", "Contact: <sip:2001@127.0.0.1:PORT>\r\n")))
                .startsWith("SIP/2.0 407").contains("Proxy-Authenticate: Digest");
        assertThat(exchange(request("SUBSCRIBE", "SUBSCRIBE", "Event: presence\r\n"))).startsWith("SIP/2.0 405");
        assertThat(exchange(request("FROBNICATE", "FROBNICATE", ""))).startsWith("SIP/2.0 501");
    }

    @Test
    void requestWithoutCallIdGets400AndTheServerKeepsServing_rfc3261_8_1_1() throws Exception {
        String noCallId = request("OPTIONS", "OPTIONS", "").replaceAll("Call-ID: [^\r]*\r\n", "");
        assertThat(exchange(noCallId)).startsWith("SIP/2.0 400").contains("Call-ID");
        assertThat(exchange(request("OPTIONS", "OPTIONS", ""))).startsWith("SIP/2.0 200");
    }

    @Test
    void phoneRegistersWithDigestAndShowsUpInTheAdminApi_rfc3261_10() throws Exception {
        String contact = "Contact: <sip:2001@127.0.0.1:PORT>\r\nExpires: 300\r\n";
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(3000);
            String callId = UUID.randomUUID().toString();
            String first = send(s, register(s, callId, 1, contact));
            assertThat(first).startsWith("SIP/2.0 401");
            String ok = send(s, register(s, callId, 2, contact + authorization("Authorization", first, "REGISTER", "sip:127.0.0.1")));
            assertThat(ok).startsWith("SIP/2.0 200").containsPattern("expires=300");
        }
        HttpResponse<String> regs = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/api/registrations?ext=2001"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN).getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(regs.statusCode()).isEqualTo(200);
        assertThat(regs.body()).contains("\"extension\":\"2001\"").contains("127.0.0.1");
        // The portal's page of users asks for all of them at once; only those registered are answered.
        HttpResponse<String> several = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/api/registrations?ext=2000,2001,2002"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN).getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(several.body()).contains("\"total\":1").contains("\"extension\":\"2001\"").doesNotContain("2002");
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("sip_register_total").contains("jvm_memory_used_bytes");
        HttpResponse<String> nodes = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/api/nodes")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(nodes.statusCode()).as("registry needs the admin credential").isEqualTo(401);
    }

    private static String authorization(String header, String challenge, String method, String uri) {
        Matcher n = Pattern.compile("nonce=\"([^\"]+)\"").matcher(challenge);
        assertThat(n.find()).as("a nonce in %s", challenge).isTrue();
        String ha1 = DigestAlgorithm.MD5.ha1("2001", "switchboard", "Test-Hq8z-2001");
        String ha2 = DigestAlgorithm.MD5.hash(method + ":" + uri);
        String resp = DigestAlgorithm.MD5.hash(ha1 + ":" + n.group(1) + ":00000001:abc:auth:" + ha2);
        return header + ": Digest username=\"2001\", realm=\"switchboard\", nonce=\"" + n.group(1) + "\", uri=\"" + uri
                + "\", response=\"" + resp + "\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"abc\"\r\n";
    }

    private static String invite(DatagramSocket s, String callId, int cseq, String extra, String sdp) {
        return "INVITE sip:2001@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + s.getLocalPort() + ";branch=z9hG4bK-inv-" + cseq + "-" + callId + ";rport\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:2001@switchboard>;tag=i1\r\nTo: <sip:2001@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: " + cseq + " INVITE\r\nContact: <sip:2001@127.0.0.1:" + s.getLocalPort() + ">\r\n"
                + extra + "Content-Type: application/sdp\r\nContent-Length: " + sdp.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n" + sdp;
    }

    /** The ACK for a non-2xx final response (RFC 3261 §17.1.1.3): same branch, the response's To tag. */
    private static String ack(DatagramSocket s, String callId, int cseq, String response) {
        Matcher to = Pattern.compile("(?m)^To: ([^\\r\\n]*)").matcher(response);
        assertThat(to.find()).isTrue();
        return "ACK sip:2001@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + s.getLocalPort() + ";branch=z9hG4bK-inv-" + cseq + "-" + callId + ";rport\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:2001@switchboard>;tag=i1\r\nTo: " + to.group(1) + "\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: " + cseq + " ACK\r\nContent-Length: 0\r\n\r\n";
    }

    private static String register(DatagramSocket s, String callId, int cseq, String extra) {
        return "REGISTER sip:127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + s.getLocalPort() + ";branch=z9hG4bK" + UUID.randomUUID() + ";rport\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:2001@switchboard>;tag=r1\r\nTo: <sip:2001@switchboard>\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: " + cseq + " REGISTER\r\n"
                + extra.replace("PORT", Integer.toString(s.getLocalPort())) + "Content-Length: 0\r\n\r\n";
    }

    private static void sendOnly(DatagramSocket s, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), server.sipPort()));
    }

    private static String send(DatagramSocket s, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), server.sipPort()));
        DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
        s.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    @Test
    void badConfigurationValuesStopStartUpNamingTheKey() {
        ConfigLoader loader = new ConfigLoader(SignalingSettings.REFERENCE);
        assertThatThrownBy(() -> SignalingSettings.from(loader.load(null, Map.of(), Map.of("registrar.min-expires", "900", "registrar.max-expires", "600"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("registrar.max-expires");
        assertThatThrownBy(() -> SignalingSettings.from(loader.load(null, Map.of(), Map.of("sip.transports", "udp,sctp"))))
                .hasMessageContaining("sip.transports").hasMessageContaining("sctp");
        assertThatThrownBy(() -> SignalingSettings.from(loader.load(null, Map.of(), Map.of("database.url", "jdbc:mysql://x"))))
                .hasMessageContaining("database.url");
        assertThatThrownBy(() -> SignalingSettings.from(loader.load(null, Map.of("SWITCHBOARD_ADMIN_PASSWORD", "short"), Map.of())))
                .hasMessageContaining("admin.password");
    }
}
