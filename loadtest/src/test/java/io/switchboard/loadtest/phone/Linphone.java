package io.switchboard.loadtest.phone;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real soft-phone for tests: Debian's linphonec 5.1 (package linphone-cli) run headless, one
 * process per phone with a HOME of its own (linphonec keeps its SQLite database under
 * HOME/.local/share/linphone and, if that folder is missing, never marks the network reachable and
 * so never sends REGISTER), an rc file naming free ports, its default account settings otherwise.
 * Commands go to its stdin, as a user types them; its console output is kept for the test to read,
 * its debug log (-d 6) goes to a file. The "files" sound card plays a WAV tone as microphone and
 * records what the phone hears to a WAV file named per call. Stopped by its own process handle.
 * Not linphonecsh: that one runs a single daemon per user and a second phone would attach to it.
 */
public final class Linphone implements AutoCloseable {
    private final Path dir;
    private final Process process;
    private final OutputStream stdin;
    private final StringBuilder console = new StringBuilder();
    private final Thread reader;
    private int recordings;
    private Path recording;

    private Linphone(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.reader = new Thread(this::readConsole, "linphonec-" + dir.getFileName());
        this.reader.setDaemon(true);
        this.reader.start();
    }

    public static Optional<Path> executable() {
        return Stream.of("/usr/bin/linphonec", "/usr/local/bin/linphonec").map(Path::of).filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Starts a phone registering {@code sip:extension@domain} with {@code password} through
     * {@code proxy} ("host:port"), sending a {@code toneHz} sine, answering calls at once when
     * {@code autoAnswer} (linphonec -a).
     */
    public static Linphone start(Path dir, String extension, String password, String domain, String proxy, int toneHz,
            boolean autoAnswer) throws IOException {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve(".local/share/linphone"));
        // libpulse, probed at start-up though the files sound card is used, keeps its runtime folder
        // there instead of leaving a /tmp/pulse-* behind per run.
        Path runtime = Files.createDirectories(home.resolve("run"));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        int sipPort = freeUdpPorts(1);
        int rtpPort = freeUdpPorts(2);
        Tone.write(dir.resolve("tone.wav"), toneHz, 60);
        Path rc = dir.resolve("linphonerc");
        Files.writeString(rc, String.join("\n",
                "[sip]",
                "sip_port=" + sipPort,
                "sip_tcp_port=-1",
                "default_proxy=0",
                "[rtp]",
                "audio_rtp_port=" + rtpPort,
                "[sound]",
                "playback_dev_id=",
                "capture_dev_id=",
                ""));
        List<String> command = new ArrayList<>(List.of(executable().orElseThrow().toString(), "-c", rc.toString(),
                "-d", "6", "-l", dir.resolve("linphonec.log").toString()));
        if (autoAnswer) {
            command.add("-a");
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        Linphone phone = new Linphone(dir, pb.start());
        phone.send("soundcard use files");
        phone.send("play " + dir.resolve("tone.wav"));
        phone.newRecording();
        phone.send("register sip:" + extension + "@" + domain + " sip:" + proxy + " " + password);
        return phone;
    }

    /** Calls {@code uri} (a full SIP URI: linphonec sends it to the host it names). */
    public void call(String uri) throws IOException {
        send("call " + uri);
    }

    /** A line of digits typed during a call: linphonec sends each as DTMF (RFC 4733 by default). */
    public void sendDigits(String digits) throws IOException {
        for (char d : digits.toCharArray()) {
            send(String.valueOf(d));
        }
    }

    public void hangUp() throws IOException {
        send("terminate");
    }

    /** Puts call {@code id} on hold (a re-INVITE with a=sendonly), as a phone's hold key does. */
    public void pause(int id) throws IOException {
        send("pause " + id);
    }

    /** Attended transfer (RFC 5589 §7): REFER in call {@code id} naming call {@code toCall}'s dialog in Replaces. */
    public void transferToCall(int id, int toCall) throws IOException {
        send("transfer " + id + " --to-call " + toCall);
    }

    /** The id linphonec gave the newest call, incoming or outgoing ("..., assigned id N"), or -1. */
    public int lastCallId() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("assigned id (\\d+)").matcher(console());
        int id = -1;
        while (m.find()) {
            id = Integer.parseInt(m.group(1));
        }
        return id;
    }

    /** linphonec's answer to "status register" (e.g. "registered, identity=sip:1001@... duration=3600"). */
    public void askRegistration() throws IOException {
        send("status register");
    }

    /** Everything linphonec printed on its console so far. */
    public String console() {
        synchronized (console) {
            return console.toString();
        }
    }

    /** How often the console said "Call N with ... connected." (calls this phone took part in). */
    public int connected() {
        return count(console(), " connected.");
    }

    /** The debug log (-d 6): SIP messages as sent and received, belle-sip's parser complaints. */
    public String log() throws IOException {
        Path log = dir.resolve("linphonec.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    /**
     * Points the "files" sound card's recorder to a fresh WAV file; linphonec opens it when the next
     * call's audio stream starts and closes it when the call ends.
     */
    public void newRecording() throws IOException {
        recording = dir.resolve("heard-" + (++recordings) + ".wav");
        send("record " + recording);
    }

    /** The WAV file of what this phone heard in the call since {@link #newRecording()}. */
    public Path lastHeard() {
        if (!Files.exists(recording)) {
            throw new AssertionError("linphonec recorded nothing to " + recording + "; console:\n" + console());
        }
        return recording;
    }

    private void send(String line) throws IOException {
        if (!process.isAlive()) {
            throw new IOException("linphonec exited (" + process.exitValue() + "); console:\n" + console());
        }
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    private void readConsole() {
        byte[] buf = new byte[4096];
        try (InputStream in = process.getInputStream();
             OutputStream copy = Files.newOutputStream(dir.resolve("linphonec.out"))) {
            int n;
            while ((n = in.read(buf)) > 0) {
                copy.write(buf, 0, n);
                copy.flush();
                synchronized (console) {
                    console.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    /** A base port with {@code n} consecutive UDP ports free on every address (linphonec binds the wildcard). */
    private static int freeUdpPorts(int n) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = 20000 + ThreadLocalRandom.current().nextInt(9000) * 2;
            boolean free = true;
            for (int i = 0; i < n && free; i++) {
                free = free(p + i);
            }
            if (free) {
                return p;
            }
        }
        throw new IllegalStateException("no " + n + " free UDP ports for linphonec");
    }

    private static boolean free(int port) {
        try (DatagramSocket u = new DatagramSocket(port);
             ServerSocket t = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            send("quit");
            if (process.waitFor(3, TimeUnit.SECONDS)) {
                return;
            }
        } catch (IOException e) {
            // already gone or stdin closed: stop it below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PhoneLab.stop(process);
    }

    /** Waits up to {@code timeout} for the console to show {@code text}; false if it never did. */
    public boolean awaitConsole(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (console().contains(text)) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
