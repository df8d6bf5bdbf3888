package io.switchboard.common.sip;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms the JIT on the real receive path before traffic matters (docs/ARCHITECTURE.md: the first seconds of a
 * cold JVM cost 1.5-3x per message, and a registration storm after a failover arrives exactly then).
 * Sends REGISTERs without credentials and OPTIONS to our own UDP port over loopback, a window at a
 * time, so parsing, transactions, challenges and encoding are compiled. Bounded in count and time.
 */
public final class SipWarmup {
    /** The User-Agent of the warm-up's requests, which signaling serves before it opens to phones. */
    public static final String USER_AGENT = "switchboard-warmup";

    private static final Logger LOG = LoggerFactory.getLogger(SipWarmup.class);
    private static final int WINDOW = 64;

    private SipWarmup() {
    }

    /** @return requests answered */
    public static int run(String bindAddress, int udpPort, int requests, Duration limit) {
        if (requests <= 0 || udpPort <= 0) {
            return 0;
        }
        long deadline = System.nanoTime() + limit.toNanos();
        String host = "0.0.0.0".equals(bindAddress) ? "127.0.0.1" : bindAddress;
        InetSocketAddress target = new InetSocketAddress(host, udpPort);
        int answered = 0;
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            channel.bind(new InetSocketAddress(host, 0));
            channel.socket().setSoTimeout(200);
            int localPort = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            ByteBuffer in = ByteBuffer.allocate(65535);
            int sent = 0;
            while (sent < requests && System.nanoTime() < deadline) {
                int batch = Math.min(WINDOW, requests - sent);
                for (int i = 0; i < batch; i++) {
                    channel.send(ByteBuffer.wrap(message(sent + i, host, localPort).getBytes(StandardCharsets.US_ASCII)), target);
                }
                sent += batch;
                for (int i = 0; i < batch; i++) {
                    in.clear();
                    try {
                        channel.socket().receive(new java.net.DatagramPacket(in.array(), in.capacity()));
                        answered++;
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("SIP warm-up stopped: {}", e.toString());
        }
        LOG.info("SIP warm-up: {} of {} requests answered", answered, requests);
        return answered;
    }

    private static String message(int n, String host, int localPort) {
        String method = n % 4 == 0 ? "OPTIONS" : "REGISTER";
        String user = "warmup" + (n % 997);
        return method + " sip:" + host + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + host + ":" + localPort + ";branch=z9hG4bKwarm" + n + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@" + host + ">;tag=w" + n + "\r\n"
                + "To: <sip:" + user + "@" + host + ">\r\n"
                + "Call-ID: warmup-" + n + "@127.0.0.1\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + (method.equals("REGISTER") ? "Contact: <sip:" + user + "@" + host + ":" + localPort + ">\r\nExpires: 60\r\n" : "")
                + "User-Agent: " + USER_AGENT + "\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}
