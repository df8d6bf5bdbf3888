package io.switchboard.signaling.robustness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A sender on its own loopback address (127.x.y.z) that listens where a server would route its
 * responses by the message's own top Via: the sent-by port, 5060 by default (RFC 3261 §18.2.2), and
 * the other ports the RFC 4475 messages name. The torture messages are then sent unmodified, yet
 * their answers come back to the test; a fresh address per message keeps retransmitted INVITE
 * responses (Timer G) of one case out of the next.
 */
final class LoopbackPeer implements AutoCloseable {
    static final int[] VIA_PORTS = {5060, 5050};

    private final Selector selector;
    private final List<DatagramChannel> channels = new ArrayList<>();

    LoopbackPeer(InetAddress address) throws IOException {
        selector = Selector.open();
        try {
            for (int port : VIA_PORTS) {
                DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress(address, port));
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ);
                channels.add(ch);
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Sends from the 5060 socket, so an {@code rport} answer lands here too. */
    void send(byte[] message, int serverPort) throws IOException {
        channels.get(0).send(ByteBuffer.wrap(message), new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort));
    }

    /** Every datagram that arrives until {@code deadlineNanos}, as text. */
    List<String> receiveUntil(long deadlineNanos) throws IOException {
        List<String> out = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.allocate(65535);
        long left;
        while ((left = deadlineNanos - System.nanoTime()) > 0) {
            if (selector.select(Math.max(1, left / 1_000_000)) == 0) {
                continue;
            }
            for (SelectionKey key : selector.selectedKeys()) {
                buf.clear();
                if (((DatagramChannel) key.channel()).receive(buf) != null) {
                    buf.flip();
                    out.add(StandardCharsets.UTF_8.decode(buf).toString());
                }
            }
            selector.selectedKeys().clear();
        }
        return out;
    }

    /** Discards what already arrived (a shared transaction's earlier answers). */
    void drain() throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(65535);
        for (DatagramChannel ch : channels) {
            do {
                buf.clear();
            } while (ch.receive(buf) != null);
        }
    }

    @Override
    public void close() throws IOException {
        for (DatagramChannel ch : channels) {
            ch.close();
        }
        selector.close();
    }
}
