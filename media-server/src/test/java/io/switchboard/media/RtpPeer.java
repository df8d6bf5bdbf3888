package io.switchboard.media;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;

/** A phone's RTP socket on 127.0.0.1 sending real RFC 3550 packets with 160 bytes of PCMU (172 bytes). */
public final class RtpPeer implements AutoCloseable {
    public final DatagramChannel socket;
    private final int ssrc;
    private int seq;
    private long timestamp;

    public RtpPeer(int ssrc) throws Exception {
        this(ssrc, 0);
    }

    public RtpPeer(int ssrc, int port) throws Exception {
        this.ssrc = ssrc;
        socket = DatagramChannel.open(java.net.StandardProtocolFamily.INET).bind(new InetSocketAddress("127.0.0.1", port));
        socket.socket().setSoTimeout(2000);
    }

    public int port() throws Exception {
        return ((InetSocketAddress) socket.getLocalAddress()).getPort();
    }

    /** Sends one RTP packet: V=2, PT=0 (PCMU), 160 payload bytes of {@code fill}. */
    public void sendRtp(InetSocketAddress to, byte fill) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(172);
        b.put((byte) 0x80).put((byte) 0).putShort((short) seq++).putInt((int) timestamp).putInt(ssrc);
        timestamp += 160;
        for (int i = 0; i < 160; i++) {
            b.put(fill);
        }
        socket.send(b.flip(), to);
    }

    public void skipSequence(int n) {
        seq += n;
    }

    /** An RTCP receiver report (RFC 3550 6.4.2), 8 bytes, PT 201. */
    public void sendRtcp(InetSocketAddress to) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(8);
        b.put((byte) 0x80).put((byte) 201).putShort((short) 1).putInt(ssrc);
        socket.send(b.flip(), to);
    }

    /** The next datagram, or null after {@code wait}. */
    public byte[] receive(Duration wait) throws Exception {
        socket.configureBlocking(false);
        ByteBuffer b = ByteBuffer.allocate(2048);
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            b.clear();
            if (socket.receive(b) != null) {
                b.flip();
                byte[] out = new byte[b.remaining()];
                b.get(out);
                return out;
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
        return null;
    }

    @Override
    public void close() throws java.io.IOException {
        socket.close();
    }

}
