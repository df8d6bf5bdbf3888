package io.switchboard.loadtest.bench;

import io.switchboard.loadtest.Sipp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's SIPp is built without TLS, so SIPp over TLS is SIPp over TCP into a local stunnel client
 * that opens one TLS connection to signaling per SIPp: {@code stunnel4} in client mode, one service per
 * local port, the server's certificate not checked (the benchmark measures the server, not the PKI).
 * Started and stopped by its own PID.
 */
final class TlsClientTunnel implements AutoCloseable {
    private final Process process;
    private final List<Integer> ports;

    private TlsClientTunnel(Process process, List<Integer> ports) {
        this.process = process;
        this.ports = ports;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/stunnel4")) || Files.isExecutable(Path.of("/usr/bin/stunnel"));
    }

    /** {@code count} local plain ports on 127.0.0.1, each tunnelled to {@code server}:{@code tlsPort} over TLS. */
    static TlsClientTunnel start(Path dir, int count, String server, int tlsPort) throws IOException, InterruptedException {
        if (!installed()) {
            throw new IllegalStateException("--register-transport tls needs stunnel (apt-get install stunnel4)");
        }
        Files.createDirectories(dir);
        List<Integer> ports = new ArrayList<>();
        StringBuilder conf = new StringBuilder("foreground = yes\npid =\ndebug = 3\noutput = " + dir.resolve("stunnel.log") + "\n");
        for (int i = 0; i < count; i++) {
            int port = Sipp.freeLocalPort(io.switchboard.loadtest.SippTransport.TCP);
            ports.add(port);
            conf.append("[sip").append(i).append("]\nclient = yes\naccept = 127.0.0.1:").append(port)
                    .append("\nconnect = ").append(server).append(':').append(tlsPort).append("\nverifyChain = no\n")
                    .append("sslVersionMin = TLSv1.2\n");
        }
        Path file = Files.writeString(dir.resolve("stunnel.conf"), conf.toString());
        String exe = Files.isExecutable(Path.of("/usr/bin/stunnel4")) ? "/usr/bin/stunnel4" : "/usr/bin/stunnel";
        Process p = new ProcessBuilder(exe, file.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stunnel.out").toFile()).start();
        TlsClientTunnel t = new TlsClientTunnel(p, ports);
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (int port : ports) {
            while (!listening(port)) {
                if (!p.isAlive() || System.nanoTime() > end) {
                    t.close();
                    throw new IllegalStateException("stunnel did not listen on 127.0.0.1:" + port + "; see " + dir);
                }
                Thread.sleep(50);
            }
        }
        return t;
    }

    private static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The local port of tunnel {@code i}. */
    int port(int i) {
        return ports.get(i);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
