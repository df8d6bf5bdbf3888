package io.switchboard.common.sip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Predicate;

/** A SIP peer on a real UDP socket: sends text or bytes to the transport and reads what comes back, with timeouts. */
final class UdpPeer implements AutoCloseable {
    private final DatagramSocket socket;
    private final int serverPort;

    UdpPeer(String ip, int serverPort) {
        try {
            this.socket = new DatagramSocket(new InetSocketAddress(ip, 0));
            this.socket.setReceiveBufferSize(1 << 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.serverPort = serverPort;
    }

    int port() {
        return socket.getLocalPort();
    }

    String ip() {
        return socket.getLocalAddress().getHostAddress();
    }

    void send(String message) {
        send(message.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] message) {
        try {
            socket.send(new DatagramPacket(message, message.length, InetAddress.getByName("127.0.0.1"), serverPort));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next datagram, failing the test after {@code timeoutMillis}. */
    String receive(int timeoutMillis) {
        return receiveWithin(timeoutMillis).orElseThrow(() -> new AssertionError("nothing received in " + timeoutMillis + " ms"));
    }

    String receive() {
        return receive(3000);
    }

    /** The next datagram for which {@code wanted} holds; others are skipped. */
    String receive(Predicate<String> wanted) {
        while (true) {
            String message = receive();
            if (wanted.test(message)) {
                return message;
            }
        }
    }

    Optional<String> receiveWithin(int timeoutMillis) {
        byte[] buffer = new byte[65535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.setSoTimeout(timeoutMillis);
            socket.receive(packet);
            return Optional.of(new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
