package io.switchboard.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.cluster.ClusterMember;
import io.switchboard.common.cluster.ClusterSettings;
import io.switchboard.loadtest.AdminClient.CallDetail;
import io.switchboard.media.MediaServer;
import io.switchboard.signaling.SignalingServer;
import io.switchboard.signaling.call.CallRecord;
import io.switchboard.signaling.call.CallState;
import io.switchboard.signaling.call.CallStore;
import io.switchboard.signaling.call.LegRecord;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls live in the cluster: two signaling members and a media node (its own lite member) form one
 * Hazelcast cluster. A SIPp caller places a call through member A to a SIPp callee; A stops. The
 * caller's next requests go to member B (what the HA pair's virtual IP does), sent here from a
 * socket of the test's in the caller's name: two re-INVITEs (hold, resume) and a BYE. B has never
 * seen the call: it rebuilds it from the {@code calls} record (both dialogs, route sets, CSeqs, the
 * media session) and relays each request to the callee through the same media node (RFC 3261 §12.2,
 * RFC 3264 §8). The callee sees both re-INVITEs with the relay's address and the BYE; B writes the CDR.
 */
@Timeout(90)
class TakeoverSippTest {
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(40);
    private static final String RELAY_PORT = "420[0-9]{2}";

    @Test
    void aSecondSignalingMemberHandlesReInvitesAndByeOfACallTheFirstPlaced_rfc3261_12_2() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("takeover");
        int base = 5830 + ThreadLocalRandom.current().nextInt(60);
        String cluster = "takeover-" + UUID.randomUUID();
        String members = "127.0.0.1:" + base + ",127.0.0.1:" + (base + 1) + ",127.0.0.1:" + (base + 2);
        SignalingServer a = LocalSignaling.start(dir.resolve("a"), clusterKeys(cluster, base, members, "takeover-a"), System.out);
        SignalingServer b = null;
        HazelcastInstance mediaMember = null;
        MediaServer media = null;
        SippProcess callee = null;
        try {
            b = LocalSignaling.start(dir.resolve("b"), clusterKeys(cluster, base + 1, members, "takeover-b"), System.out);
            mediaMember = ClusterMember.start(new ClusterSettings(cluster, "127.0.0.1", base + 2,
                    List.of(members.split(",")), Duration.ofMillis(250), Duration.ofSeconds(5)), "takeover-media",
                    c -> c.setLiteMember(true));
            media = LocalMedia.start("takeover-media", mediaMember, 42000, 42099, dir.resolve("media"),
                    Map.of("cluster.heartbeat", "250ms"), System.out);
            AdminClient adminA = new AdminClient(a.httpPort(), a.adminPassword());
            await().atMost(SETTLE).until(() -> adminA.nodes("media").stream().anyMatch(AdminClient.Node::online));
            a.users().create("1001", "Takeover-1001-Vw3q", "Caller");
            a.users().create("1002", "Takeover-1002-Vw3q", "Callee");

            // 1002 registers with A and answers; 1001 calls through A and leaves its dialog to this test.
            Path calleeInf = dir.resolve("inf-1002.csv");
            java.nio.file.Files.writeString(calleeInf, "SEQUENTIAL\n1002;[authentication username=1002 password=Takeover-1002-Vw3q]\n");
            int calleePort = Sipp.freeLocalPort(SippTransport.UDP);
            SippResult reg = Sipp.scenario(SippScenario.REGISTER, a.sipPort(), dir.resolve("sipp-register"))
                    .injection(calleeInf).localPort(calleePort).timeout(RUN_TIMEOUT).run();
            assertThat(reg.allSucceeded()).as(reg.describe()).isTrue();
            SignalingServer aRef = a;
            await().atMost(SETTLE).until(() -> !aRef.location().lookup("1002").contacts().isEmpty());
            callee = Sipp.scenario(SippScenario.CALLEE_ANSWERS_AND_LEAVES, a.sipPort(), dir.resolve("sipp-callee"))
                    .localPort(calleePort).mediaPort(Sipp.freeMediaPortBlock()).key("callee", "1002")
                    .placeholder("relay-port", RELAY_PORT).recvTimeout(Duration.ofSeconds(30)).timeout(RUN_TIMEOUT).start();
            SippRuns.awaitBound(calleePort);
            Path callerInf = dir.resolve("inf-1001.csv");
            java.nio.file.Files.writeString(callerInf, "SEQUENTIAL\n1001;[authentication username=1001 password=Takeover-1001-Vw3q]\n");
            SippResult placed = Sipp.scenario(SippScenario.CALLER_PLACES_CALL, a.sipPort(), dir.resolve("sipp-caller"))
                    .injection(callerInf).localPort(Sipp.freeLocalPort(SippTransport.UDP)).mediaPort(Sipp.freeMediaPortBlock())
                    .key("callee", "1002").placeholder("relay-port", RELAY_PORT).recvTimeout(Duration.ofSeconds(15))
                    .timeout(RUN_TIMEOUT).run();
            assertThat(placed.allSucceeded()).as(placed.describe()).isTrue();
            SippResult answered = callee.await();
            callee = null;
            assertThat(answered.allSucceeded()).as(answered.describe()).isTrue();
            CallStore store = new CallStore(b.hazelcast());
            CallRecord call = await().atMost(SETTLE).until(() -> store.all().stream()
                    .filter(c -> c.state() == CallState.ANSWERED).findFirst(), Optional::isPresent).orElseThrow();

            a.close();
            a = null;
            SignalingServer bRef = b;
            await().atMost(SETTLE).until(() -> bRef.hazelcast().getCluster().getMembers().size() == 2);

            LegRecord legA = call.legA();
            // SIPp answers to the address on its command line (A's), not to the Via: from here on a socket
            // of the test's on the callee's port answers what B sends it, to where the Via says.
            CalleeSocket calleeSocket = new CalleeSocket(calleePort);
            Thread answering = new Thread(calleeSocket, "takeover-callee");
            answering.start();
            try (DatagramSocket phone = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                phone.setSoTimeout(500);
                String hold = inDialog(phone, b.sipPort(), legA, "INVITE", 10, sdp("sendonly"));
                assertThat(hold).as("200 to the hold re-INVITE, from B").startsWith("SIP/2.0 200")
                        .contains("c=IN IP4 127.0.0.1").containsPattern("m=audio " + RELAY_PORT + " ");
                ack(phone, b.sipPort(), legA, 10);
                String resume = inDialog(phone, b.sipPort(), legA, "INVITE", 11, sdp("sendrecv"));
                assertThat(resume).as("200 to the resume re-INVITE").startsWith("SIP/2.0 200");
                ack(phone, b.sipPort(), legA, 11);
                String bye = inDialog(phone, b.sipPort(), legA, "BYE", 12, null);
                assertThat(bye).as("200 to the BYE").startsWith("SIP/2.0 200");
            } finally {
                answering.join(15_000);
                calleeSocket.close();
            }
            assertThat(calleeSocket.received).as("what B sent the callee").hasSize(3);
            assertThat(calleeSocket.received.get(0)).startsWith("INVITE ").contains("a=sendonly", "c=IN IP4 127.0.0.1")
                    .containsPattern("m=audio " + RELAY_PORT + " ");
            assertThat(calleeSocket.received.get(1)).startsWith("INVITE ").contains("a=sendrecv");
            assertThat(calleeSocket.received.get(2)).startsWith("BYE ");
            // Our CSeqs towards the callee went on past the lost member's (RFC 3261 §12.2.1.1).
            assertThat(cseqOf(calleeSocket.received.get(0))).isGreaterThan(call.legB().localCseq());
            AdminClient adminB = new AdminClient(b.httpPort(), b.adminPassword());
            CallDetail cdr = await().atMost(SETTLE).until(() -> adminB.cdrs().stream()
                    .filter(c -> c.callId().equals(call.id())).findFirst(), Optional::isPresent).orElseThrow();
            assertThat(cdr.caller()).isEqualTo("1001");
            assertThat(cdr.callee()).isEqualTo("1002");
            assertThat(cdr.endedBy()).isEqualTo("caller");
            assertThat(b.calls().activeCalls()).isZero();
            // The member that took the call over also deletes its record (it had kept it for 24 h: a
            // writer deleted only what it had written itself).
            await().atMost(SETTLE).until(() -> !store.isListed(call.id()));
            MediaServer m = media;
            await().atMost(SETTLE).until(() -> m.sessions().size() == 0);
        } finally {
            if (callee != null) {
                callee.destroy();
            }
            for (AutoCloseable c : new AutoCloseable[] {media, a, b}) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        // keep closing
                    }
                }
            }
            if (mediaMember != null) {
                mediaMember.shutdown();
            }
        }
    }

    private static long cseqOf(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^CSeq: (\\d+)").matcher(message);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * The callee after SIPp left: answers re-INVITEs with 200 and an SDP, BYE with 200, ignores ACK, and
     * keeps each request (retransmissions aside) until the BYE; responses go to the Via's sent-by.
     */
    private static final class CalleeSocket implements Runnable, AutoCloseable {
        final List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final DatagramSocket socket;
        private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

        CalleeSocket(int port) throws Exception {
            DatagramSocket s = null;
            for (int attempt = 0; s == null; attempt++) {
                try {
                    s = new DatagramSocket(port, InetAddress.getLoopbackAddress());
                } catch (java.net.BindException e) {
                    if (attempt > 50) {
                        throw e;
                    }
                    Thread.sleep(100); // SIPp is closing the port
                }
            }
            socket = s;
            socket.setSoTimeout(15_000);
        }

        @Override
        public void run() {
            byte[] buf = new byte[65535];
            try {
                while (true) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    String m = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                    if (m.startsWith("ACK ") || m.startsWith("SIP/2.0")) {
                        continue;
                    }
                    if (seen.add(header(m, "Via") + header(m, "CSeq"))) {
                        received.add(m);
                    }
                    String body = m.startsWith("INVITE ") ? sdp("sendrecv") : null;
                    byte[] r = response(m, body).getBytes(StandardCharsets.UTF_8);
                    socket.send(new DatagramPacket(r, r.length, p.getSocketAddress()));
                    if (m.startsWith("BYE ")) {
                        return;
                    }
                }
            } catch (Exception e) {
                // closed or timed out: the assertions on what was received tell
            }
        }

        private static String header(String m, String name) {
            java.util.regex.Matcher h = java.util.regex.Pattern.compile("(?mi)^" + name + ":\\s*(.*?)\r?$").matcher(m);
            return h.find() ? h.group(1) : "";
        }

        private String response(String request, String body) {
            StringBuilder r = new StringBuilder("SIP/2.0 200 OK\r\n");
            for (String line : request.split("\r\n")) {
                if (line.isEmpty()) {
                    break;
                }
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("via:") || lower.startsWith("from:") || lower.startsWith("to:")
                        || lower.startsWith("call-id:") || lower.startsWith("cseq:")) {
                    r.append(line).append("\r\n");
                }
            }
            r.append("Contact: <sip:1002@127.0.0.1:").append(socket.getLocalPort()).append(">\r\n");
            if (body != null) {
                r.append("Content-Type: application/sdp\r\n");
            }
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            r.append("Content-Length: ").append(b.length).append("\r\n\r\n");
            if (body != null) {
                r.append(body);
            }
            return r.toString();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    private static Map<String, String> clusterKeys(String cluster, int port, String members, String node) {
        return Map.of("cluster.name", cluster, "cluster.port", Integer.toString(port), "cluster.members", members,
                "cluster.heartbeat", "250ms", "node.name", node);
    }

    private static String sdp(String direction) {
        return "v=0\r\no=caller 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 47000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=" + direction + "\r\n";
    }

    /** Sends an in-dialog request in the caller's name (our tag is its To tag) and returns the final response. */
    private static String inDialog(DatagramSocket phone, int port, LegRecord leg, String method, int cseq, String body)
            throws Exception {
        String branch = "z9hG4bK-takeover-" + method + cseq;
        StringBuilder m = new StringBuilder();
        m.append(method).append(" sip:switchboard@127.0.0.1:").append(port).append(" SIP/2.0\r\n")
                .append("Via: SIP/2.0/UDP 127.0.0.1:").append(phone.getLocalPort()).append(";branch=").append(branch)
                .append(";rport\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: ").append(leg.remoteUri()).append(";tag=").append(leg.remoteTag()).append("\r\n")
                .append("To: ").append(leg.localUri()).append(";tag=").append(leg.localTag()).append("\r\n")
                .append("Call-ID: ").append(leg.callId()).append("\r\n")
                .append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n")
                .append("Contact: <sip:1001@127.0.0.1:").append(phone.getLocalPort()).append(">\r\n");
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            m.append("Content-Type: application/sdp\r\n");
        }
        m.append("Content-Length: ").append(payload.length).append("\r\n\r\n");
        byte[] head = m.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + payload.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(payload, 0, all, head.length, payload.length);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long nextSend = 0;
        byte[] buf = new byte[65535];
        while (System.nanoTime() < deadline) {
            if (System.nanoTime() >= nextSend) {
                phone.send(new DatagramPacket(all, all.length, InetAddress.getLoopbackAddress(), port));
                nextSend = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            }
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                phone.receive(p);
                String r = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                if (r.startsWith("SIP/2.0 ") && r.contains(branch) && !r.startsWith("SIP/2.0 1")) {
                    return r;
                }
            } catch (SocketTimeoutException e) {
                // retransmit on the next round (RFC 3261 §17.1.1.2, Timer A/E)
            }
        }
        throw new AssertionError(method + " " + cseq + " got no final response from member B");
    }

    private static void ack(DatagramSocket phone, int port, LegRecord leg, int cseq) throws Exception {
        String ack = "ACK sip:switchboard@127.0.0.1:" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + phone.getLocalPort() + ";branch=z9hG4bK-takeover-ack" + cseq + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: " + leg.remoteUri() + ";tag=" + leg.remoteTag() + "\r\n"
                + "To: " + leg.localUri() + ";tag=" + leg.localTag() + "\r\n"
                + "Call-ID: " + leg.callId() + "\r\n"
                + "CSeq: " + cseq + " ACK\r\n"
                + "Content-Length: 0\r\n\r\n";
        byte[] b = ack.getBytes(StandardCharsets.UTF_8);
        phone.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
    }
}
