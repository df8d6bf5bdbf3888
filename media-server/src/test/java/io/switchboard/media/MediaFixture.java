package io.switchboard.media;

import io.switchboard.common.ng.NgClient;
import io.switchboard.media.ng.NgControl;
import io.switchboard.media.ng.NgServer;
import io.switchboard.media.record.CallRecorder;
import io.switchboard.media.relay.RelayPorts;
import io.switchboard.media.relay.RelaySessions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Relay + ng server on 127.0.0.1 without the cluster, and an ng client, for one test. */
public final class MediaFixture implements AutoCloseable {
    public final RelayPorts ports;
    public final RelaySessions sessions;
    public final CallRecorder recorder;
    public final NgServer ng;
    public final NgClient client;
    public final InetSocketAddress ngAddress;

    public MediaFixture(int portMin, int portMax, int maxSessions, Duration timeout, Path recordingDir, boolean recordAll) throws Exception {
        ports = new RelayPorts(InetAddress.getByName("127.0.0.1"), portMin, portMax, 2);
        sessions = new RelaySessions(ports, maxSessions, timeout);
        recorder = new CallRecorder(recordingDir, 1024);
        ng = new NgServer(new InetSocketAddress("127.0.0.1", 0), new NgControl(sessions, "127.0.0.1", "", recorder, recordAll));
        ngAddress = new InetSocketAddress("127.0.0.1", ng.port());
        client = new NgClient(Duration.ofSeconds(3));
    }

    public Map<String, Object> ng(Object... keyValues) {
        Map<String, Object> cmd = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            cmd.put((String) keyValues[i], keyValues[i + 1]);
        }
        return client.call(ngAddress, cmd);
    }

    /** An SDP offer/answer body for an endpoint receiving RTP on {@code port} at 127.0.0.1. */
    public static String sdp(String user, int port, boolean rtcpMux) {
        return "v=0\r\n"
                + "o=" + user + " 1 1 IN IP4 127.0.0.1\r\n"
                + "s=-\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "t=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=ptime:20\r\n"
                + (rtcpMux ? "a=rtcp-mux\r\n" : "")
                + "a=sendrecv\r\n";
    }

    /** Like {@link #sdp} with RTCP at an explicit port (RFC 3605 a=rtcp). */
    public static String sdpWithRtcp(String user, int port, int rtcpPort) {
        return sdp(user, port, false).replace("a=sendrecv\r\n", "a=rtcp:" + rtcpPort + "\r\na=sendrecv\r\n");
    }

    /** The m=audio port of an SDP body. */
    public static int audioPort(Object sdp) {
        for (String line : ((String) sdp).split("\r\n")) {
            if (line.startsWith("m=audio ")) {
                return Integer.parseInt(line.split(" ")[1]);
            }
        }
        throw new AssertionError("no m=audio in " + sdp);
    }

    @Override
    public void close() {
        client.close();
        ng.close();
        sessions.close();
        recorder.close();
        ports.close();
    }
}
