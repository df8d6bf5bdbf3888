package io.switchboard.loadtest.phone;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.DatagramSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real soft-phone for tests: Debian's baresip 1.0 run headless with its default account settings
 * (digest as it comes), a WAV tone as microphone, the sndfile module recording what it hears, and
 * the ctrl_tcp module taking commands. Stopped by its own PID.
 */
public final class Baresip implements AutoCloseable {
    private final Path dir;
    private final int ctrlPort;
    private final Process process;

    private Baresip(Path dir, int ctrlPort, Process process) {
        this.dir = dir;
        this.ctrlPort = ctrlPort;
        this.process = process;
    }

    /** Skips the test class when baresip is missing, saying how to get it; under ./switchboard test (CI) fails it. */
    public static void require() {
        io.switchboard.loadtest.RequiredTool.require(executable().isPresent(),
                "baresip is not installed: apt-get install baresip-core (.ci/run installs it) to run the real-phone tests");
    }

    public static Optional<Path> executable() {
        return Stream.of("/usr/bin/baresip", "/usr/local/bin/baresip").map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /**
     * Starts a phone registering {@code extension} with {@code password} at {@code registrar}
     * ("host:port"), answering calls at once, sending a {@code toneHz} sine.
     */
    public static Baresip start(Path dir, String extension, String password, String registrar, int toneHz)
            throws IOException {
        return start(dir, extension, password, registrar, toneHz, Options.DEFAULT);
    }

    /**
     * What a test changes from baresip's defaults: the SIP {@code transport} (udp, tcp or tls; over TLS
     * the registrar's certificate is checked against {@code caFile}, baresip's sip_cafile) and the
     * account's {@code mediaenc} (e.g. {@code srtp-mand}: SDES-SRTP only, RTP/SAVP; loads srtp.so), and
     * {@code opus}: Opus loaded before G.711, so it is the codec offered and chosen first.
     */
    public record Options(String transport, Optional<Path> caFile, Optional<String> mediaenc, boolean opus) {
        public static final Options DEFAULT = new Options("udp", Optional.empty(), Optional.empty(), false);

        public Options(String transport, Optional<Path> caFile, Optional<String> mediaenc) {
            this(transport, caFile, mediaenc, false);
        }

        public Options withOpus() {
            return new Options(transport, caFile, mediaenc, true);
        }

        public Options overTls(Path ca) {
            return new Options("tls", Optional.of(ca), mediaenc, opus);
        }

        public Options encrypting(String mode) {
            return new Options(transport, caFile, Optional.of(mode), opus);
        }
    }

    /** As {@link #start(Path, String, String, String, int)} with {@code options}. */
    public static Baresip start(Path dir, String extension, String password, String registrar, int toneHz,
                                Options options) throws IOException {
        Files.createDirectories(dir);
        int sipPort = freePortPair();
        int ctrlPort = freeTcpPort();
        if (options.opus()) {
            Tone.write(dir.resolve("tone.wav"), toneHz, 60, 48000, 2);
        } else {
            Tone.write(dir.resolve("tone.wav"), toneHz, 60);
        }
        Files.writeString(dir.resolve("config"), String.join("\n",
                "poll_method epoll",
                "sip_listen 127.0.0.1:" + sipPort,
                "audio_player aubridge,play-" + extension,
                "audio_alert aubridge,alert-" + extension,
                "audio_source aufile," + dir.resolve("tone.wav"),
                "module_path /usr/lib/baresip/modules",
                options.opus() ? "module opus.so" : "",
                "module g711.so",
                "module aufile.so",
                "module aubridge.so",
                "module sndfile.so",
                "module ctrl_tcp.so",
                "module_app account.so",
                "module_app menu.so",
                "ctrl_tcp_listen 127.0.0.1:" + ctrlPort,
                "snd_path " + dir,
                options.caFile().map(f -> "sip_cafile " + f).orElse(""),
                options.mediaenc().map(m -> "module srtp.so").orElse(""),
                ""));
        // The account line as README tells a newcomer to write it, plus auto-answer for the test.
        Files.writeString(dir.resolve("accounts"),
                                "<sip:" + extension + "@" + registrar + ";transport=" + options.transport() + ">;auth_pass=" + password
                        + ";answermode=auto" + options.mediaenc().map(m -> ";mediaenc=" + m).orElse("") + "\n");
        Process p = new ProcessBuilder(executable().orElseThrow().toString(), "-f", dir.toString(), "-t", "300")
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("baresip.log").toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                .start();
        Baresip phone = new Baresip(dir, ctrlPort, p);
        phone.awaitControl(Duration.ofSeconds(10));
        return phone;
    }

    private static java.io.File nullFile() {
        return new java.io.File("/dev/null");
    }

    public void dial(String number) throws IOException {
        command("dial", number);
    }

    /** Sends DTMF as the phone's menu does (baresip's default: RFC 4733 telephone-events). */
    public void sendDigits(String digits) throws IOException {
        for (char d : digits.toCharArray()) {
            command("sndcode", String.valueOf(d));
        }
    }

    public void hangUp() throws IOException {
        command("hangup", "");
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("baresip.log"), StandardCharsets.ISO_8859_1);
    }

    /** The WAV file of what this phone heard in its latest call (sndfile's "-dec" dump). */
    public Path lastHeard() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-dec.wav"))
                    .max(java.util.Comparator.comparing(f -> f.getFileName().toString()))
                    .orElseThrow(() -> new AssertionError("no -dec.wav in " + dir));
        }
    }

    public void forgetRecordings() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("dump-")).toList()) {
                Files.delete(f);
            }
        }
    }

    /** ctrl_tcp: a netstring holding {"command","params","token"}. */
    private void command(String command, String params) throws IOException {
        String json = "{\"command\":\"" + command + "\",\"params\":\"" + params + "\",\"token\":\"t\"}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), ctrlPort)) {
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write(',');
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            try {
                in.read(buf);
            } catch (java.net.SocketTimeoutException e) {
                // the reply is informational; the test checks the outcome on the server
            }
        }
    }

    private void awaitControl(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("baresip exited: " + log());
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), ctrlPort)) {
                return;
            } catch (IOException e) {
                sleep(100);
            }
        }
        throw new IOException("baresip's ctrl_tcp never listened on " + ctrlPort + ": " + log());
    }

    /** baresip binds SIP on UDP and TCP at the port, TLS at port + 1. */
    private static int freePortPair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = 20000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(9000) * 2;
            if (free(p) && free(p + 1)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port pair for baresip");
    }

    private static boolean free(int port) {
        try (ServerSocket t = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
             DatagramSocket u = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeTcpPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        PhoneLab.stop(process);
    }
}
