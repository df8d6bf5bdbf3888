package io.switchboard.signaling.robustness;

import io.switchboard.common.config.ConfigLoader;
import io.switchboard.signaling.SignalingServer;
import io.switchboard.signaling.SignalingSettings;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One signaling process on ephemeral SIP and HTTP ports for a robustness test class, with its own
 * cluster name and a Hazelcast port drawn from the range the class was given (5760-5900 is ours).
 */
final class RunningSignaling implements AutoCloseable {
    static final String PROBE_USER = "1001";

    final SignalingServer server;

    private RunningSignaling(SignalingServer server) {
        this.server = server;
    }

    static RunningSignaling start(Path dataDir, int hazelcastFrom, int hazelcastTo) throws Exception {
        int hzPort = ThreadLocalRandom.current().nextInt(hazelcastFrom, hazelcastTo + 1);
        Map<String, String> o = new HashMap<>();
        o.put("sip.address", "127.0.0.1");
        o.put("sip.port", "0");
        o.put("http.address", "127.0.0.1");
        o.put("http.port", "0");
        o.put("data-dir", dataDir.toString());
        o.put("cluster.name", "robust-" + UUID.randomUUID());
        o.put("cluster.port", Integer.toString(hzPort));
        o.put("cluster.members", "127.0.0.1:" + hzPort);
        o.put("admin.password", "robustness-admin-password");
        SignalingSettings settings = SignalingSettings.from(new ConfigLoader(SignalingSettings.REFERENCE).load(null, Map.of(), o));
        return new RunningSignaling(SignalingServer.start(settings, "test", new PrintStream(OutputStream.nullOutputStream())));
    }

    int sipPort() {
        return server.sipPort();
    }

    /**
     * The core liveness property: a fresh OPTIONS from 127.0.0.1 gets its answer. Returns the status
     * line, or null when nothing came back within {@code timeoutMillis}.
     */
    String options(int timeoutMillis) throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(timeoutMillis);
            byte[] b = options(s.getLocalPort(), UUID.randomUUID().toString()).getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), sipPort()));
            DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            String r = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            return r.substring(0, r.indexOf("\r\n"));
        }
    }

    static String options(int localPort, String callId) {
        return "OPTIONS sip:" + PROBE_USER + "@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK" + UUID.randomUUID() + ";rport\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:probe@switchboard>;tag=p1\r\nTo: <sip:" + PROBE_USER + "@switchboard>\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    }

    @Override
    public void close() {
        server.close();
    }
}
