package io.switchboard.loadtest.lab;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures a failover's outage as a phone would see it: an OPTIONS to the virtual IP every
 * {@code every}, each a new transaction, from an address on the lab's bridge; every 200 that comes
 * back stamps the time. The outage of a kill is the time from the kill to the first 200 to an
 * OPTIONS sent after it. Bounded: it stops itself after {@code maxRun}.
 */
public final class OptionsProbe implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress target;
    private final Duration every;
    private final long deadline;
    private final AtomicLong seq = new AtomicLong();
    /** Sent-at (System.nanoTime) of each OPTIONS by its sequence number, in a ring. */
    private final long[] sentAt = new long[1 << 16];
    private volatile long lastAnsweredSentAt;
    private volatile long lastAnswerAt;
    private volatile boolean running = true;
    private final Thread sender;
    private final Thread receiver;

    public OptionsProbe(String localAddress, String targetAddress, int targetPort, Duration every, Duration maxRun)
            throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        this.socket.setSoTimeout(200);
        this.target = new InetSocketAddress(InetAddress.getByName(targetAddress), targetPort);
        this.every = every;
        this.deadline = System.nanoTime() + maxRun.toNanos();
        this.sender = new Thread(this::send, "options-probe-send");
        this.receiver = new Thread(this::receive, "options-probe-receive");
        sender.setDaemon(true);
        receiver.setDaemon(true);
        sender.start();
        receiver.start();
    }

    private void send() {
        String local = socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
        while (running && System.nanoTime() < deadline) {
            long n = seq.incrementAndGet();
            String msg = "OPTIONS sip:" + target.getAddress().getHostAddress() + ":" + target.getPort() + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP " + local + ";branch=z9hG4bKprobe" + n + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:probe@" + local + ">;tag=probe\r\n"
                    + "To: <sip:" + target.getAddress().getHostAddress() + ">\r\n"
                    + "Call-ID: probe-" + n + "@" + local + "\r\n"
                    + "CSeq: " + n + " OPTIONS\r\n"
                    + "Content-Length: 0\r\n\r\n";
            byte[] b = msg.getBytes(StandardCharsets.US_ASCII);
            sentAt[(int) (n & (sentAt.length - 1))] = System.nanoTime();
            try {
                socket.send(new DatagramPacket(b, b.length, target));
            } catch (IOException e) {
                // No route for a moment (the address moving): the next one goes out as usual.
            }
            java.util.concurrent.locks.LockSupport.parkNanos(every.toNanos());
        }
    }

    private void receive() {
        byte[] buf = new byte[4096];
        while (running && System.nanoTime() < deadline) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
            if (!text.startsWith("SIP/2.0 200")) {
                continue;
            }
            int at = text.indexOf("CSeq: ");
            if (at < 0) {
                continue;
            }
            int end = text.indexOf(' ', at + 6);
            long n = Long.parseLong(text.substring(at + 6, end));
            long sent = sentAt[(int) (n & (sentAt.length - 1))];
            lastAnswerAt = System.nanoTime();
            if (sent > lastAnsweredSentAt) {
                lastAnsweredSentAt = sent;
            }
        }
    }

    /**
     * Waits for a 200 to an OPTIONS sent after {@code sinceNanos}; returns the outage (from then to
     * that answer), or empty after {@code timeout}.
     */
    public java.util.Optional<Duration> outageSince(long sinceNanos, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (lastAnsweredSentAt > sinceNanos) {
                return java.util.Optional.of(Duration.ofNanos(lastAnswerAt - sinceNanos));
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        return java.util.Optional.empty();
    }

    @Override
    public void close() {
        running = false;
        socket.close();
    }
}
