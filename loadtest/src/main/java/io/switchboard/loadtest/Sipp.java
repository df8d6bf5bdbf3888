package io.switchboard.loadtest;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One SIPp client run against a server on 127.0.0.1, described before it starts. Every run is
 * bounded twice: by {@code -m} (calls) and by a wall-clock timeout after which the process is
 * destroyed through its own handle (its PID), never by name, since other SIPp processes may be
 * running on the machine. SIPp keeps running in the foreground ({@code -bg} would detach it and
 * lose the exit code); its statistics, final screen and unexpected messages go to files in the
 * run's work directory.
 */
public final class Sipp {
    /** The only address runs target and bind: a load generator must never leave the machine by accident. */
    public static final String LOOPBACK = "127.0.0.1";
    private static final String EXECUTABLE = "sipp";

    private final SippScenario scenario;
    private final int remotePort;
    private final Path workDir;
    private SippTransport transport = SippTransport.UDP;
    /** Where the server listens and SIPp binds its SIP and media sockets: loopback, or a lab bridge's address. */
    private String address = LOOPBACK;
    /** Where requests go when it is not {@link #address}: an address inside a lab's network namespace. */
    private String remote;
    private Path injection;
    private int localPort;
    private int calls = 1;
    private int rate = 10;
    private int ratePeriodMillis = 1000;
    private int limit;
    private Duration recvTimeout = Duration.ofSeconds(10);
    private Duration timeout = Duration.ofSeconds(60);
    private int mediaPort;
    private boolean rtpEcho;
    private Duration pause;
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final Map<String, String> placeholders = new LinkedHashMap<>();

    private Sipp(SippScenario scenario, int remotePort, Path workDir) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.remotePort = remotePort;
        this.workDir = Objects.requireNonNull(workDir, "workDir");
    }

    /** A run of {@code scenario} against {@code 127.0.0.1:remotePort}, keeping its files in {@code workDir}. */
    public static Sipp scenario(SippScenario scenario, int remotePort, Path workDir) {
        return new Sipp(scenario, remotePort, workDir);
    }

    /** The {@code sipp} executable found on the PATH, if any. */
    public static Optional<Path> executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, EXECUTABLE);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * A port free on 127.0.0.1 for {@code transport} right now, for runs that must keep one Contact
     * across SIPp processes or must not scan from 5060 as SIPp does when given no {@code -p}.
     */
    public static int freeLocalPort(SippTransport transport) {
        try {
            InetAddress loopback = InetAddress.getByName(LOOPBACK);
            if (transport == SippTransport.UDP) {
                try (DatagramSocket s = new DatagramSocket(0, loopback)) {
                    return s.getLocalPort();
                }
            }
            try (ServerSocket s = new ServerSocket(0, 1, loopback)) {
                return s.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no free " + transport + " port on " + LOOPBACK, e);
        }
    }

    /**
     * Runs against {@code address} instead of 127.0.0.1 and binds SIPp there too (its SIP socket and
     * the media address its SDP names): a lab's bridge address that servers in network namespaces reach.
     */
    public Sipp address(String address) {
        try {
            java.net.InetAddress a = java.net.InetAddress.getByName(Objects.requireNonNull(address, "address"));
            // Traffic to an address of this machine's own interfaces never leaves it.
            if (!a.isLoopbackAddress() && java.net.NetworkInterface.getByInetAddress(a) == null) {
                throw new IllegalArgumentException(address + " is not an address of this machine: load stays local");
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("bad address " + address, e);
        }
        this.address = address;
        return this;
    }

    /**
     * Sends to {@code remote} (an address held inside one of the lab's network namespaces, such as the
     * HA pair's virtual IP) while SIPp stays bound to {@link #address}, which must be this machine's
     * address on that lab's bridge: the remote must lie in the bridge's own /24, so the load never
     * leaves the machine. A loopback address may send to another loopback address.
     */
    public Sipp remote(String remote) {
        if (remote.startsWith("127.") && address.startsWith("127.")) {
            // Loopback to loopback (a provider's address beside the server's): never leaves the machine.
            this.remote = remote;
            return this;
        }
        String[] r = remote.split("\\.");
        String[] l = address.split("\\.");
        if (r.length != 4 || l.length != 4 || !(r[0] + r[1] + r[2]).equals(l[0] + l[1] + l[2])
                || address.startsWith("127.")) {
            throw new IllegalArgumentException(remote + " is not in the /24 of the lab bridge address " + address
                    + ": load stays inside the lab");
        }
        this.remote = remote;
        return this;
    }

    public Sipp transport(SippTransport t) {
        this.transport = Objects.requireNonNull(t);
        return this;
    }

    /** The {@code -inf} CSV: its first line is SEQUENTIAL, each further line one call's fields. */
    public Sipp injection(Path csv) {
        this.injection = csv;
        return this;
    }

    /** Local port SIPp binds ({@code -p}); 0 leaves it to SIPp, which tries 5060, 5061 and so on. */
    public Sipp localPort(int port) {
        this.localPort = port;
        return this;
    }

    /** Stop after this many calls ({@code -m}). */
    public Sipp calls(int n) {
        this.calls = positive(n, "calls");
        return this;
    }

    /** New calls per period ({@code -r n -rp period}). */
    public Sipp rate(int callsPerPeriod, Duration period) {
        this.rate = positive(callsPerPeriod, "rate");
        this.ratePeriodMillis = positive((int) period.toMillis(), "rate period");
        return this;
    }

    /** Calls in progress at most ({@code -l}); 0 keeps SIPp's default. */
    public Sipp limit(int outstanding) {
        this.limit = outstanding;
        return this;
    }

    /** How long one {@code <recv>} waits before the call fails ({@code -recv_timeout}). */
    public Sipp recvTimeout(Duration d) {
        this.recvTimeout = d;
        return this;
    }

    /** Wall-clock bound of the whole run; past it the process is destroyed. */
    public Sipp timeout(Duration d) {
        this.timeout = d;
        return this;
    }

    /**
     * Local media port ({@code -mp}, bound on 127.0.0.1): where {@code -rtp_echo} listens and
     * {@code rtp_stream} sends from. Two SIPp processes of one call must not share it (default 6000).
     */
    /** Two seconds of a PCMU square wave for SIPp's rtp_stream ({@code rtp.ulaw} in a caller's work directory). */
    public static void writePcmu(Path file) {
        byte[] ulaw = new byte[16000];
        for (int i = 0; i < ulaw.length; i++) {
            ulaw[i] = (byte) ((i / 10) % 2 == 0 ? 0x9f : 0x1f);
        }
        try {
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.write(file, ulaw);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A base port whose four UDP ports (audio RTP/RTCP and the video pair SIPp also opens) are free
     * right now, below the kernel's ephemeral range so client sockets cannot take them meanwhile.
     */
    public static int freeMediaPortBlock() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 20000 + 4 * java.util.concurrent.ThreadLocalRandom.current().nextInt(2500);
            if (udpFree(base) && udpFree(base + 1) && udpFree(base + 2) && udpFree(base + 3)) {
                return base;
            }
        }
        throw new IllegalStateException("no free block of 4 UDP ports in 20000-29999");
    }

    private static boolean udpFree(int port) {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(new java.net.InetSocketAddress(LOOPBACK, port))) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    public Sipp mediaPort(int port) {
        this.mediaPort = port;
        return this;
    }

    /** Echo every RTP packet received on the media port back to its sender ({@code -rtp_echo}). */
    public Sipp rtpEcho() {
        this.rtpEcho = true;
        return this;
    }

    /** Length of the scenario's {@code <pause/>} elements that name no duration ({@code -d}). */
    public Sipp pause(Duration d) {
        this.pause = d;
        return this;
    }

    /** A generic parameter the scenario reads as {@code [name]} ({@code -key name value}). */
    public Sipp key(String name, String value) {
        keys.put(name, value);
        return this;
    }

    /**
     * A value written into the scenario file where it says {@code {{name}}}, for the places SIPp
     * expands no keyword (e.g. the status code of {@code <recv response="...">}).
     */
    public Sipp placeholder(String name, String value) {
        placeholders.put(name, value);
        return this;
    }

    public Duration timeout() {
        return timeout;
    }

    public Path workDir() {
        return workDir;
    }

    /** The command line, with the scenario copied into the work directory. */
    List<String> command(Path scenarioFile) {
        List<String> cmd = new ArrayList<>(List.of(EXECUTABLE, (remote == null ? address : remote) + ":" + remotePort,
                "-sf", scenarioFile.toString(),
                "-i", address, "-bind_local", "-t", transport.mode(),
                "-m", Integer.toString(calls),
                "-r", Integer.toString(rate), "-rp", Integer.toString(ratePeriodMillis),
                "-recv_timeout", Long.toString(recvTimeout.toMillis()),
                "-timeout", Long.toString(Math.max(1, timeout.toSeconds())), "-timeout_error",
                "-nostdin",
                // By default SIPp sends BYE when it aborts a call; a registrar would only answer it 481/405.
                "-default_behaviors", "all,-bye",
                "-trace_stat", "-stf", statFile().toString(), "-fd", "1",
                "-trace_screen", "-screen_file", screenFile().toString(),
                "-trace_err", "-error_file", errorFile().toString()));
        if (localPort > 0) {
            cmd.addAll(List.of("-p", Integer.toString(localPort)));
        }
        if (limit > 0) {
            cmd.addAll(List.of("-l", Integer.toString(limit)));
        }
        if (injection != null) {
            cmd.addAll(List.of("-inf", injection.toString()));
        }
        if (mediaPort > 0) {
            cmd.addAll(List.of("-mi", address, "-mp", Integer.toString(mediaPort)));
        }
        if (rtpEcho) {
            cmd.add("-rtp_echo");
        }
        if (pause != null) {
            cmd.addAll(List.of("-d", Long.toString(pause.toMillis())));
        }
        keys.forEach((name, value) -> cmd.addAll(List.of("-key", name, value)));
        return cmd;
    }

    Path statFile() {
        return workDir.resolve("stat.csv");
    }

    Path screenFile() {
        return workDir.resolve("screen.log");
    }

    Path errorFile() {
        return workDir.resolve("errors.log");
    }

    Path outputFile() {
        return workDir.resolve("sipp.out");
    }

    /** Starts SIPp; the caller must {@link SippProcess#await()} it, which also enforces the timeout. */
    public SippProcess start() {
        try {
            Files.createDirectories(workDir);
            Map<String, String> values = new LinkedHashMap<>(placeholders);
            // The relay's address the scenarios expect in SDP (a regex): SIPp's own unless a test says otherwise.
            values.putIfAbsent("relay-address", address.replace(".", "\\."));
            List<String> cmd = command(scenario.copyTo(workDir, values));
            Process p = new ProcessBuilder(cmd)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(outputFile().toFile())
                    .start();
            return new SippProcess(this, p, cmd);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start sipp in " + workDir, e);
        }
    }

    /** Starts SIPp and waits for it. */
    public SippResult run() {
        return start().await();
    }

    private static int positive(int n, String what) {
        if (n <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + n);
        }
        return n;
    }
}
