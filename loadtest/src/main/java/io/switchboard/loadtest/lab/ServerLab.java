package io.switchboard.loadtest.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Worker "servers" for extend's tests: a Linux bridge {@code sbx0} (10.77.0.1/24) in this namespace and N network
 * namespaces {@code sbx-s1..} on it (10.77.0.11, .12, ...), each running a real {@code sshd} that lets the lab's key in
 * as root. Each sshd runs in a private mount namespace of its own where /opt, /etc/switchboard, /var/lib/switchboard
 * and /var/log/switchboard are directories of the lab ({@link #opt}, {@link #etc}, {@link #var}, {@link #log}) and /etc
 * is an overlay over the host's (so a system user the role's install creates stays in the "server"), while the host's
 * Java is shared. /opt as a whole, not just /opt/switchboard, is the lab's: extend swaps the new tree in by renaming
 * /opt/switchboard.new, a sibling, which a mount on /opt/switchboard itself would not allow.
 *
 * <p>Teardown stops what it started by PID only: each sshd, then whatever still runs in a namespace ({@code ip netns
 * pids}: the roles the tests started over SSH), deletes the namespaces and the bridge. Traffic stays on the bridge.
 */
public final class ServerLab implements AutoCloseable {
    public static final String BRIDGE = "sbx0";
    public static final String HOST_ADDRESS = "10.77.0.1";
    private static final List<String> HOST_MOUNT_POINTS = List.of("/var/lib/switchboard", "/var/log/switchboard");

    private final Path dir;
    private final int servers;
    private final List<Process> sshds = new ArrayList<>();
    private final List<Path> createdOnHost = new ArrayList<>();

    private ServerLab(Path dir, int servers) {
        this.dir = dir;
        this.servers = servers;
    }

    /** Why the lab cannot run here (not root, no ip netns, no sshd), or empty. */
    public static Optional<String> unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("the server lab needs root (network namespaces, bridge, mounts)");
        }
        for (String tool : List.of("/usr/sbin/sshd", "/usr/bin/ssh", "/usr/bin/scp", "/usr/bin/ssh-keygen", "/usr/bin/unshare")) {
            if (!Files.isExecutable(Path.of(tool))) {
                return Optional.of(tool + " is missing: apt-get install openssh-server openssh-client util-linux");
            }
        }
        Result r = exec(List.of("ip", "netns", "list"), Duration.ofSeconds(10));
        if (r.exit != 0) {
            return Optional.of("'ip netns' is unavailable: " + r.output.strip());
        }
        return Optional.empty();
    }

    public static String ip(int server) {
        return "10.77.0." + (10 + server);
    }

    public static String namespace(int server) {
        return "sbx-s" + server;
    }

    public Path opt(int server) {
        return dir.resolve("s" + server).resolve("opt");
    }

    public Path etc(int server) {
        return dir.resolve("s" + server).resolve("etc");
    }

    public Path var(int server) {
        return dir.resolve("s" + server).resolve("var");
    }

    public Path log(int server) {
        return dir.resolve("s" + server).resolve("log");
    }

    public Path sshConfig() {
        return dir.resolve("ssh_config");
    }

    /** Builds the lab in {@code dir} (emptied first): bridge, namespaces, keys, one sshd per server. */
    public static ServerLab start(Path dir, int servers) throws IOException {
        ServerLab lab = new ServerLab(dir, servers);
        lab.removeLeftovers();
        deleteTree(dir);
        Files.createDirectories(dir);
        try {
            lab.build();
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void build() throws IOException {
        LabNetwork.must(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "switchboard-lab", "-f", dir.resolve("id").toString()));
        for (String p : HOST_MOUNT_POINTS) {
            Path mountPoint = Path.of(p);
            if (!Files.exists(mountPoint)) {
                Files.createDirectories(mountPoint);
                createdOnHost.add(mountPoint);
            }
        }
        Path privsep = Path.of("/run/sshd");   // sshd refuses to start without its privilege separation directory
        if (!Files.exists(privsep)) {
            Files.createDirectories(privsep);
            createdOnHost.add(privsep);
        }
        LabNetwork.bridge(BRIDGE, HOST_ADDRESS);
        StringBuilder config = new StringBuilder();
        config.append("Host 10.77.0.*\n  User root\n  IdentityFile ").append(dir.resolve("id")).append('\n')
                .append("  IdentitiesOnly yes\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n  LogLevel ERROR\n");
        Files.writeString(sshConfig(), config.toString());
        for (int i = 1; i <= servers; i++) {
            LabNetwork.namespace(namespace(i), "sbxv" + i, BRIDGE, ip(i));
            startSshd(i);
        }
        for (int i = 1; i <= servers; i++) {
            awaitPort(ip(i), 22, Duration.ofSeconds(15));
        }
    }

    private void startSshd(int i) throws IOException {
        Path s = dir.resolve("s" + i);
        for (Path d : List.of(opt(i), etc(i), var(i), log(i), s.resolve("overlay"))) {
            Files.createDirectories(d);
        }
        LabNetwork.must(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", s.resolve("host_key").toString()));
        Files.writeString(s.resolve("sshd_config"), String.join("\n",
                "Port 22",
                "ListenAddress " + ip(i),
                "HostKey " + s.resolve("host_key"),
                "PidFile " + s.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("id.pub"),
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "Subsystem sftp internal-sftp",
                "LogLevel ERROR", ""));
        Path ov = s.resolve("overlay");
        String script = String.join(" && ",
                "mount -t tmpfs lab-etc " + ov,
                "mkdir " + ov + "/upper " + ov + "/work",
                "mount -t overlay lab-etc -o lowerdir=/etc,upperdir=" + ov + "/upper,workdir=" + ov + "/work /etc",
                "mkdir -p /etc/switchboard",
                "mount --bind " + etc(i) + " /etc/switchboard",
                "mount --bind " + opt(i) + " /opt",
                "mount --bind " + var(i) + " /var/lib/switchboard",
                "mount --bind " + log(i) + " /var/log/switchboard",
                "exec /usr/sbin/sshd -D -e -f " + s.resolve("sshd_config"));
        sshds.add(new ProcessBuilder("ip", "netns", "exec", namespace(i), "unshare", "-m", "--propagation", "private",
                "sh", "-c", script).redirectErrorStream(true).redirectOutput(s.resolve("sshd.log").toFile()).start());
    }

    private static void awaitPort(String host, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 500);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("sshd on " + host + ":" + port + " did not come up: " + e.getMessage());
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            }
        }
    }

    /** PIDs of every process in a server's network namespace (its sshd, the role it runs, their children). */
    public static List<Long> pids(int server) {
        Result r = exec(List.of("ip", "netns", "pids", namespace(server)), Duration.ofSeconds(10));
        List<Long> out = new ArrayList<>();
        for (String line : r.output.split("\n")) {
            if (line.strip().matches("\\d+")) {
                out.add(Long.parseLong(line.strip()));
            }
        }
        return out;
    }

    /** Runs a command inside a server's network namespace (not its mount namespace). */
    public static Result inNamespace(int server, List<String> command, Duration timeout) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace(server)));
        full.addAll(command);
        return exec(full, timeout);
    }

    @Override
    public void close() {
        for (Process p : sshds) {
            p.destroy();
        }
        for (int i = 1; i <= servers; i++) {
            stopAll(i);
        }
        removeLeftovers();
        for (Path p : createdOnHost) {
            try {
                Files.deleteIfExists(p);   // only when empty: a directory someone else filled stays
            } catch (IOException e) {
                // not empty: not ours alone any more
            }
        }
    }

    /** SIGTERM to every process of a server's namespace, then SIGKILL to what is left after 10 s. */
    private static void stopAll(int server) {
        if (!exists(namespace(server))) {
            return;
        }
        for (long pid : pids(server)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!pids(server).isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (long pid : pids(server)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static boolean exists(String ns) {
        return Files.exists(Path.of("/run/netns", ns));
    }

    /** Namespaces and bridge of an earlier lab that did not tear down (a killed test JVM). */
    private void removeLeftovers() {
        for (int i = 1; i <= Math.max(servers, 9); i++) {
            if (exists(namespace(i))) {
                stopAll(i);
                exec(List.of("ip", "netns", "del", namespace(i)), Duration.ofSeconds(10));
            }
        }
        if (Files.exists(Path.of("/sys/class/net", BRIDGE))) {
            exec(List.of("ip", "link", "del", BRIDGE), Duration.ofSeconds(10));
        }
    }

    public record Result(int exit, String output) {
    }

    public static Result exec(List<String> command, Duration timeout) {
        try {
            Path out = Files.createTempFile("lab", ".out");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    return new Result(124, "timed out: " + command);
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return new Result(127, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, "interrupted");
        }
    }

    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
