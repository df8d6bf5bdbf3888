package io.switchboard.common.sip;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A SIP peer on a TCP connection: writes raw text and reads responses framed by Content-Length. */
final class TcpPeer implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    TcpPeer(int port) {
        this(connect(port));
    }

    /** A connection the transport opened to us (a peer playing UAS). */
    TcpPeer(Socket accepted) {
        socket = accepted;
        try {
            socket.setSoTimeout(3000);
            in = new BufferedInputStream(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Socket connect(int port) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Nothing arrives within {@code millis} (the connection stays open). */
    boolean silentFor(int millis) {
        try {
            socket.setSoTimeout(millis);
            try {
                return in.read() < 0;
            } catch (java.net.SocketTimeoutException e) {
                return true;
            } finally {
                socket.setSoTimeout(3000);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next {@code n} raw bytes (e.g. a CRLF pong). */
    String readRaw(int n) {
        try {
            return new String(in.readNBytes(n), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next message: header section up to CRLFCRLF, then Content-Length bytes. */
    String readMessage() {
        try {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new AssertionError("connection closed; read so far: " + header);
                }
                header.write(b);
                matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                        ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String text = header.toString(StandardCharsets.UTF_8);
            String length = SipText.header(text, "Content-Length");
            int bodyLength = length == null ? 0 : Integer.parseInt(length);
            return text + new String(in.readNBytes(bodyLength), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the server closed the connection (end of stream or reset) within the socket timeout. */
    boolean closedByServer() {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
