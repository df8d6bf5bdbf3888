package io.switchboard.dist.extend;

import io.switchboard.common.cluster.ServerType;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.config.ConfigException;
import io.switchboard.dist.AdminClient;
import io.switchboard.dist.extend.Inventory.Server;
import io.switchboard.dist.extend.Inventory.SignalingNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What {@code switchboard extend} does: deploys a worker role to a machine over SSH ({@link #run}) and starts,
 * stops, restarts, removes or upgrades the deployed ones. Every check that needs no SSH is made before the first
 * connection, so a refusal leaves every host as it was.
 */
public final class Extender {
    /** The installation on a target, and the archive on its way there (same filesystem, so the swap is a rename). */
    static final String HOME = "/opt/switchboard";
    static final String LAUNCHER = HOME + "/bin/switchboard";
    static final String INCOMING = "/opt/.switchboard-dist.tar.gz";
    /** Exit code of a remote script when nothing is installed. */
    static final int NOT_INSTALLED = 64;
    private static final long GB = 1L << 30;
    private static final Duration POLL = Duration.ofMillis(500);

    private final Inventory inventory;
    private final Ssh ssh;
    private final PrintWriter out;
    private final Supplier<Set<String>> localAddresses;

    Extender(Inventory inventory, Ssh ssh, PrintWriter out, Supplier<Set<String>> localAddresses) {
        this.inventory = inventory;
        this.ssh = ssh;
        this.out = out;
        this.localAddresses = localAddresses;
    }

    /** Every address of this machine's interfaces (java.net.NetworkInterface), without scope ids. */
    static Set<String> interfaceAddresses() {
        Set<String> out = new LinkedHashSet<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    String s = a.getHostAddress();
                    int scope = s.indexOf('%');
                    out.add(scope < 0 ? s : s.substring(0, scope));
                }
            }
        } catch (SocketException e) {
            throw new ExtendException("cannot list this machine's network interfaces: " + e.getMessage());
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------- run

    /** What {@link #check} made of the inventory and the cluster: everything {@code run} needs before SSH. */
    record Plan(ServerType type, String name, String ip, Server row, String clusterName, List<String> members,
                String yaml) {
    }

    /** Step 1 of run: refuses (ExtendException) unless the inventory, the IP and this host agree. No SSH. */
    Plan check(ServerType type, String name, String ip) {
        literalIp(ip);
        Server row = inventory.server(name).orElseThrow(() -> new ExtendException(name + " is not in the server inventory:"
                + " add it first (Servers > " + type.portalSection() + " > Add in the portal, or ./switchboard server add "
                + name + " --type " + type.role() + " --private-ip " + ip + ")"));
        ServerType rowType = row.serverType();
        if (rowType != type) {
            throw new ExtendException(name + " is " + (rowType == null ? "a " + row.type() + " server" : rowType.withArticle())
                    + " in the inventory, not " + type.withArticle());
        }
        if (row.isDefault()) {
            throw new ExtendException(name + " is a default server of the main host (it runs inside signaling's"
                    + " installation): extend deploys to other machines only; add a server of its own in the inventory");
        }
        for (Server other : inventory.servers()) {
            if (!other.name().equals(name) && ip.equals(other.privateAddress())) {
                throw new ExtendException("IP " + ip + " already carries " + other.name() + " (" + other.type()
                        + "): one role per machine");
            }
        }
        if (!ip.equals(row.privateAddress())) {
            throw new ExtendException(name + " has private IP " + (row.privateAddress().isEmpty() ? "(none)" : row.privateAddress())
                    + " in the inventory, not " + ip);
        }
        List<SignalingNode> signaling = inventory.signalingNodes().stream().filter(SignalingNode::online).toList();
        if (signaling.isEmpty()) {
            throw new ExtendException("no signaling node is online in the cluster the admin API at " + inventory.api().base()
                    + " belongs to: start signaling first");
        }
        Set<String> mine = localAddresses.get();
        if (signaling.stream().noneMatch(n -> mine.contains(n.privateAddress()))) {
            throw new ExtendException("run extend on the primary signaling host ("
                    + signaling.stream().map(n -> n.name() + ": " + n.privateAddress()).collect(Collectors.joining(", "))
                    + "); this host has none of its addresses");
        }
        if (signaling.stream().anyMatch(n -> n.privateAddress().equals(ip))) {
            throw new ExtendException("IP " + ip + " is a signaling host's: one role per machine");
        }
        String clusterName = inventory.clusterName();
        if (clusterName.isEmpty()) {
            clusterName = "switchboard";
            out.println("warning: the admin API does not name its cluster (GET /api/health has no clusterName): assuming '"
                    + clusterName + "'");
        }
        List<String> members = new ArrayList<>();
        for (SignalingNode n : signaling) {
            int port = n.clusterPort();
            if (port == 0) {
                port = 5701;
                out.println("warning: signaling node " + n.name() + " does not say its cluster port: assuming 5701");
            }
            members.add(n.privateAddress() + ":" + port);
        }
        String yaml = RoleConfig.yaml(RoleConfig.keys(type, name, ip, row.publicAddress(), clusterName, members),
                "Written by 'switchboard extend run -s " + type.extendWord() + " -n " + name + " -a " + ip + "' on the main host.\n"
                        + "A rerun of extend writes it again; keys not here take the reference defaults ("
                        + type.role() + ".yaml, common.yaml).");
        try {
            RoleConfig.validate(type, yaml);
        } catch (ConfigException e) {
            throw new ExtendException("the configuration for " + name + " would not start the " + type.service() + ": " + e.getMessage());
        }
        return new Plan(type, name, ip, row, clusterName, members, yaml);
    }

    /** The whole of {@code extend run}: the checks, then the target over SSH, then the wait for Online. */
    void run(ServerType type, String name, String ip, Path archive, Duration wait) {
        long t0 = System.nanoTime();
        Plan plan = check(type, name, ip);
        requireArchive(archive);
        Host host = new Host(name, ip);
        Target target = host.step("checking the target", () -> inspect(host, type));
        if (!target.warning().isEmpty()) {
            host.note(target.warning());
        }
        boolean fresh = !target.installed();
        String failedStep = null;
        try {
            failedStep = "installing Java";
            if (target.javaMajor() < 17) {
                host.step("installing Java (openjdk-17-jre-headless with apt-get; found " + (target.java().isEmpty() ? "none" : target.java()) + ")",
                        () -> remote(host, "command -v apt-get >/dev/null || { echo 'no apt-get: install a Java 17 runtime by hand'; exit 1; }\n"
                                + "export DEBIAN_FRONTEND=noninteractive\napt-get update -q >/dev/null\n"
                                + "apt-get install -y -q openjdk-17-jre-headless >/dev/null\njava -version 2>&1 | head -1\n",
                                Duration.ofMinutes(10)).lastLine());
            }
            failedStep = "copying the archive";
            String version = install(host, archive);
            failedStep = "writing " + RoleConfig.path(type);
            // Written next to the config, then handed to 'service install', which puts it in place with its owner and mode.
            String staged = "/etc/switchboard/." + type.service() + ".yaml.extend";
            host.step("writing " + RoleConfig.path(type), () -> {
                remote(host, "mkdir -p /etc/switchboard\n(umask 077; cat > " + staged + " <<'SWITCHBOARD_EOF'\n" + plan.yaml()
                        + "SWITCHBOARD_EOF\n)\n", Duration.ofSeconds(30));
                return "cluster '" + plan.clusterName() + "', members " + String.join(",", plan.members());
            });
            failedStep = "installing the " + type.service() + " service";
            host.step("installing the " + type.service() + " service", () -> remote(host,
                    "trap 'rm -f " + staged + "' EXIT\n" + LAUNCHER + " service install " + type.service() + " --config " + staged + "\n",
                    Duration.ofMinutes(2)).lastLine());
            failedStep = "starting the " + type.service() + " service";
            // A process already running (a rerun) still heartbeats for a moment after its restart: wait for the new one.
            long runningSince = startedAt(name);
            host.step(fresh ? "starting " + type.service() : "(re)starting " + type.service(), () -> remote(host,
                    "if " + LAUNCHER + " service status " + type.service() + " >/dev/null 2>&1; then "
                            + LAUNCHER + " service restart " + type.service() + "; else " + LAUNCHER + " service start " + type.service() + "; fi\n",
                    Duration.ofMinutes(3)).lastLine());
            failedStep = "waiting for " + name + " to come Online";
            host.step("waiting for " + name + " to come Online (up to " + wait.toSeconds() + " s)",
                    () -> "online after " + Durations.human(awaitStatus(host, type, "online", wait, runningSince)));
            out.printf("%s (%s) is Online, %s %s (took %s)%n", name, ip, type.service(), version,
                    Durations.human(Duration.ofNanos(System.nanoTime() - t0)));
            out.flush();
        } catch (ExtendException e) {
            out.printf("[%s %s] %s failed: %s%n", name, ip, failedStep, e.getMessage());
            if (fresh) {
                String log = tail(host, type);
                if (!log.isEmpty()) {
                    out.printf("[%s %s] the last lines of /var/log/switchboard/%s.log:%n%s%n", name, ip, type.service(), log.stripTrailing());
                }
                Ssh.Result undo = ssh.run(ip, uninstallScript(type, false), Duration.ofMinutes(2));
                out.printf("[%s %s] %s%n", name, ip, undo.ok() ? "undid the partial install (the host is as it was)"
                        : "could not undo the partial install (" + undo.lastLine() + "): clean it with ./switchboard extend rm -n " + name);
            } else {
                out.printf("[%s %s] the host had an installation before this run and keeps what was done;"
                        + " fix the cause and run extend again, or clean it with ./switchboard extend rm -n %s%n", name, ip, name);
            }
            out.flush();
            throw new ExtendException(failedStep + " on " + name + " (" + ip + ") failed");
        }
    }

    /** What the target is: OS, Java, free space, an earlier installation. */
    record Target(String os, String java, int javaMajor, long freeBytes, boolean installed, String warning) {
    }

    private Target inspect(Host host, ServerType type) {
        Ssh.Result r = ssh.run(host.ip, """
                . /etc/os-release 2>/dev/null || true
                echo "os=${PRETTY_NAME:-unknown}"
                if command -v java >/dev/null 2>&1; then echo "java=$(java -version 2>&1 | head -1)"; else echo "java="; fi
                echo "free=$(df -Pk / | awk 'NR==2 {print $4}')"
                if [ -x %s ]; then echo installed=yes; else echo installed=no; fi
                """.formatted(LAUNCHER), Duration.ofSeconds(30));
        if (r.unreachable() || r.exit() == 124) {
            throw new ExtendException("cannot reach " + host.ip + " over SSH (" + r.lastLine() + "): set up password-free SSH with ssh-copy-id "
                    + ssh.target(host.ip));
        }
        if (!r.ok()) {
            throw new ExtendException("the checks failed on " + host.ip + ": " + r.lastLine());
        }
        String os = field(r.output(), "os");
        String java = field(r.output(), "java");
        long free = parseLong(field(r.output(), "free")) * 1024;
        int major = javaMajor(java);
        long want = (type == ServerType.MEDIA ? 256 : 128) * GB;
        String warning = free >= want ? "" : String.format(Locale.ROOT, "warning: %d GB free on /; %s wants %d GB or more (%s)",
                free / GB, type.withArticle(), want / GB, type == ServerType.MEDIA ? "recordings, logs" : "logs, prompts");
        return new Target(os, java, major, free, "yes".equals(field(r.output(), "installed")), warning);
    }

    /** Copies the archive and swaps it in as /opt/switchboard; returns the VERSION it holds. */
    private String install(Host host, Path archive) {
        long size = sizeOf(archive);
        host.step(String.format(Locale.ROOT, "copying %s (%d MB)", archive.getFileName(), Math.max(1, size >> 20)), () -> {
            remote(host, "mkdir -p /opt\nrm -f " + INCOMING + "\n", Duration.ofSeconds(30));
            Ssh.Result r = ssh.copy(archive, host.ip, INCOMING, Duration.ofMinutes(20));
            if (!r.ok()) {
                throw new ExtendException("scp: " + r.lastLine());
            }
            return "ok";
        });
        return host.step("extracting to " + HOME, () -> remote(host, """
                cd /opt
                rm -rf switchboard.new switchboard.old
                mkdir switchboard.new
                tar -xzf %1$s -C switchboard.new --strip-components=1 --no-same-owner
                test -x switchboard.new/bin/switchboard || { echo "the archive has no switchboard/bin/switchboard"; exit 1; }
                if [ -e switchboard ]; then mv switchboard switchboard.old; fi
                mv switchboard.new switchboard
                rm -rf switchboard.old %1$s
                cat switchboard/VERSION 2>/dev/null || echo unknown
                """.formatted(INCOMING), Duration.ofMinutes(5)).lastLine());
    }

    // ------------------------------------------------------------------------------- start|stop|...

    /** The extended servers {@code -s/-n/-a} select: never a default row, never a type extend does not deploy. */
    List<Server> select(ServerType type, String name, String ip) {
        List<Server> all = inventory.servers();
        if (name != null && all.stream().noneMatch(s -> s.name().equals(name))) {
            throw new ExtendException(name + " is not in the server inventory");
        }
        List<Server> chosen = all.stream()
                .filter(s -> !s.isDefault() && s.serverType() != null)
                .filter(s -> type == null || s.serverType() == type)
                .filter(s -> name == null || s.name().equals(name))
                .filter(s -> ip == null || s.privateAddress().equals(ip))
                .toList();
        if (chosen.isEmpty()) {
            boolean filtered = type != null || name != null || ip != null;
            throw new ExtendException(filtered ? "no extended server matches" + describe(type, name, ip)
                    + " (default servers of the main host are not extended servers)" : "no extended servers in the inventory");
        }
        return chosen;
    }

    private static String describe(ServerType type, String name, String ip) {
        return (type == null ? "" : " -s " + type.extendWord()) + (name == null ? "" : " -n " + name) + (ip == null ? "" : " -a " + ip);
    }

    /** start, stop, restart: one line a host; start and restart wait for Online. Returns how many hosts failed. */
    int service(List<Server> servers, String action, Duration wait) {
        int failed = 0;
        List<Server> waitFor = new ArrayList<>();
        java.util.Map<String, Long> runningSince = new java.util.HashMap<>();
        for (Server s : servers) {
            ServerType type = s.serverType();
            runningSince.put(s.name(), action.equals("restart") ? startedAt(s.name()) : 0L);
            Ssh.Result r = ssh.run(s.privateAddress(), installedGuard() + LAUNCHER + " service " + action + " " + type.service() + "\n",
                    Duration.ofMinutes(3));
            if (r.ok()) {
                if (action.equals("stop")) {
                    line(s, "stopped");
                } else {
                    waitFor.add(s);
                }
            } else {
                failed++;
                line(s, failure(s, r));
            }
        }
        for (Server s : waitFor) {
            Host host = new Host(s.name(), s.privateAddress());
            try {
                Duration took = awaitStatus(host, s.serverType(), s.enabled() ? "online" : "disabled", wait,
                        runningSince.get(s.name()));
                line(s, (action.equals("start") ? "started" : "restarted") + ", " + (s.enabled() ? "Online" : "up (disabled in the inventory)")
                        + " after " + Durations.human(took));
            } catch (ExtendException e) {
                failed++;
                line(s, (action.equals("start") ? "started" : "restarted") + " but " + e.getMessage());
            }
        }
        return failed;
    }

    /** rm: the service, /opt/switchboard and the config go; recordings stay unless purge; the row is disabled. */
    int remove(List<Server> servers, boolean purge) {
        int failed = 0;
        for (Server s : servers) {
            Ssh.Result r = ssh.run(s.privateAddress(), uninstallScript(s.serverType(), purge), Duration.ofMinutes(3));
            if (!r.ok()) {
                failed++;
                line(s, failure(s, r));
                continue;
            }
            try {
                inventory.disable(s.name());
            } catch (AdminClient.ApiError e) {
                failed++;
                line(s, "removed from the host, but disabling it in the inventory failed: " + e.getMessage());
                continue;
            }
            line(s, "removed (" + (purge ? "data and recordings deleted" : "recordings kept in " + RoleConfig.RECORDING_DIR
                    + ", data in " + RoleConfig.DATA_DIR) + "); disabled in the inventory: the row stays until you delete it"
                    + " (Servers > " + s.serverType().portalSection() + " in the portal, or ./switchboard server rm " + s.name() + ")");
        }
        return failed;
    }

    /** How {@link #upgrade} treats a host still busy at the drain timeout. */
    enum OnBusy { STOP, FORCE, ASK }

    /**
     * upgrade: one host at a time, drained first (disabled: no new sessions) so no call is dropped: wait for its
     * sessions to end, copy and swap the new archive, restart, wait until it heartbeats again, enable, next.
     */
    int upgrade(List<Server> servers, Path archive, Duration drainTimeout, Duration wait, OnBusy onBusy) {
        requireArchive(archive);
        for (Server s : servers) {
            Host host = new Host(s.name(), s.privateAddress());
            long t0 = System.nanoTime();
            ServerType type = s.serverType();
            boolean wasEnabled = s.enabled();
            String failedStep = "draining";
            try {
                host.step("draining (disabled in the inventory: no new sessions)", () -> {
                    Server now = inventory.disable(s.name());
                    return now.activeSessions() + " sessions";
                });
                host.step("waiting for its sessions to end (up to " + Durations.human(drainTimeout) + ")",
                        () -> awaitDrained(host, drainTimeout, onBusy));
                long before = startedAt(s.name());
                failedStep = "copying the archive";
                String version = install(host, archive);
                failedStep = "restarting " + type.service();
                host.step("restarting " + type.service(), () -> remote(host, LAUNCHER + " service install " + type.service()
                        + " >/dev/null\n" + LAUNCHER + " service restart " + type.service() + "\n",
                        Duration.ofMinutes(3)).lastLine());
                failedStep = "waiting for the new process";
                host.step("waiting for the new process to heartbeat (up to " + wait.toSeconds() + " s)",
                        () -> "up after " + Durations.human(awaitStatus(host, type, "disabled", wait, before)));
                if (wasEnabled) {
                    failedStep = "enabling";
                    host.step("enabling", () -> inventory.enable(s.name()).status());
                    awaitStatus(host, type, "online", wait, 0);
                }
                out.printf("%s %s: upgraded to %s in %s%s%n", s.name(), s.privateAddress(), version,
                        Durations.human(Duration.ofNanos(System.nanoTime() - t0)), wasEnabled ? ", Online" : " (left disabled, as it was)");
                out.flush();
            } catch (ExtendException e) {
                out.printf("%s %s: upgrade stopped at %s: %s%n", s.name(), s.privateAddress(), failedStep, e.getMessage());
                if (wasEnabled && failedStep.equals("draining")) {
                    try {
                        inventory.enable(s.name());
                        out.printf("%s %s: enabled again (it keeps its version and its calls); the next hosts were not touched%n",
                                s.name(), s.privateAddress());
                    } catch (AdminClient.ApiError again) {
                        out.printf("%s %s: could not enable it again (%s): POST /api/servers/%s/enable%n", s.name(),
                                s.privateAddress(), again.getMessage(), s.name());
                    }
                } else {
                    out.printf("%s %s: it stays disabled; when fixed, run ./switchboard extend upgrade -n %s%s%n", s.name(),
                            s.privateAddress(), s.name(), wasEnabled ? " (or enable it in the portal)" : "");
                }
                out.flush();
                return 1;
            }
        }
        return 0;
    }

    private Duration awaitDrained(Host host, Duration timeout, OnBusy onBusy) {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        long nextReport = t0 + Duration.ofSeconds(30).toNanos();
        // A heartbeat says what the node held when it was sent (one period ago at most): only two heartbeats
        // sent after the disable, both with 0 sessions, show the drain is over (an offer in flight at the
        // disable may still open a session just after it).
        long lastBeat = inventory.server(host.name).map(Server::lastHeartbeat).orElse(0L);
        int emptyBeats = 0;
        while (true) {
            Optional<Server> now0 = inventory.server(host.name);
            if (now0.isEmpty() || !now0.get().heartbeating()) {
                return Duration.ofNanos(System.nanoTime() - t0); // not running: nothing to drain
            }
            int sessions = now0.get().activeSessions();
            if (now0.get().lastHeartbeat() != lastBeat) {
                lastBeat = now0.get().lastHeartbeat();
                emptyBeats = sessions == 0 ? emptyBeats + 1 : 0;
                if (emptyBeats >= 2) {
                    return Duration.ofNanos(System.nanoTime() - t0);
                }
            }
            long now = System.nanoTime();
            if (now >= deadline) {
                if (onBusy == OnBusy.FORCE) {
                    host.note("--force: " + sessions + " sessions still up after " + Durations.human(timeout) + ": they will be cut");
                    return Duration.ofNanos(now - t0);
                }
                if (onBusy == OnBusy.ASK && askYes(host.name + " still has " + sessions + " sessions after "
                        + Durations.human(timeout) + ": upgrade anyway and cut them? [y/N] ")) {
                    return Duration.ofNanos(now - t0);
                }
                throw new ExtendException(host.name + " still has " + sessions + " sessions after " + Durations.human(timeout)
                        + " of draining: wait longer (--drain-timeout) or cut them with --force");
            }
            if (now >= nextReport) {
                host.note(sessions + " sessions left");
                nextReport = now + Duration.ofSeconds(30).toNanos();
            }
            sleep(Duration.ofMillis(250));
        }
    }

    private boolean askYes(String question) {
        out.print(question);
        out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return answer != null && answer.trim().toLowerCase(Locale.ROOT).startsWith("y");
        } catch (IOException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------ helpers

    /**
     * Waits until the inventory shows {@code name} with {@code status}; with {@code startedAfter} > 0, also until the
     * cluster registry shows a process of that name started after it (a restart, not the old process).
     */
    private Duration awaitStatus(Host host, ServerType type, String status, Duration wait, long startedAfter) {
        long t0 = System.nanoTime();
        long deadline = t0 + wait.toNanos();
        String last = "not in the inventory";
        while (System.nanoTime() < deadline) {
            Optional<Server> s = inventory.server(host.name);
            last = s.map(Server::status).orElse("not in the inventory");
            if (status.equals(last) && (startedAfter == 0 || startedAt(host.name) > startedAfter)) {
                return Duration.ofNanos(System.nanoTime() - t0);
            }
            sleep(POLL);
        }
        throw new ExtendException(host.name + " is " + last + " after " + wait.toSeconds() + " s, not " + status
                + "; its log: ssh " + ssh.target(host.ip) + " tail -50 /var/log/switchboard/" + type.service() + ".log"
                + " (or journalctl -u switchboard-" + type.service() + ")");
    }

    /** startedAt of the live process named {@code name} in the cluster registry; 0 when it is not there. */
    private long startedAt(String name) {
        JsonNode items = Inventory.read(inventory.api().get("api/nodes")).path("items");
        for (JsonNode n : items) {
            if (n.path("name").asText().equals(name) && n.path("online").asBoolean()) {
                return n.path("startedAt").asLong();
            }
        }
        return 0;
    }

    private String tail(Host host, ServerType type) {
        Ssh.Result r = ssh.run(host.ip, "tail -n 15 /var/log/switchboard/" + type.service() + ".log 2>/dev/null || true\n",
                Duration.ofSeconds(20));
        return r.ok() ? r.output() : "";
    }

    /** Guards a remote command that needs the installation: exit NOT_INSTALLED when there is none. */
    private static String installedGuard() {
        return "[ -x " + LAUNCHER + " ] || { echo 'not installed (no " + LAUNCHER + ")'; exit " + NOT_INSTALLED + "; }\n";
    }

    /** Uninstalls the service and removes the installation and config; {@code purge}: data, recordings, logs too. */
    static String uninstallScript(ServerType type, boolean purge) {
        String role = type.service();
        return "if [ -x " + LAUNCHER + " ]; then " + LAUNCHER + " service uninstall " + role + (purge ? " --purge" : "") + "; fi\n"
                + "rm -rf " + HOME + " /opt/switchboard.new /opt/switchboard.old " + INCOMING + " " + RoleConfig.path(type)
                + " " + RoleConfig.path(type) + ".new\n"
                + (purge ? "find /var/lib/switchboard -mindepth 1 -delete 2>/dev/null || true\n"
                        + "rm -f /var/log/switchboard/" + role + ".log*\n"
                        + "rmdir /var/lib/switchboard /var/log/switchboard 2>/dev/null || true\n" : "")
                + "rmdir /etc/switchboard 2>/dev/null || true\n";
    }

    private String failure(Server s, Ssh.Result r) {
        if (r.unreachable() || r.exit() == 124) {
            return "cannot reach " + s.privateAddress() + " over SSH (" + r.lastLine() + ")";
        }
        if (r.exit() == NOT_INSTALLED) {
            return "not installed: run ./switchboard extend run -s " + s.serverType().extendWord() + " -n " + s.name() + " -a " + s.privateAddress();
        }
        return "failed: " + r.lastLine();
    }

    private Ssh.Result remote(Host host, String script, Duration timeout) {
        Ssh.Result r = ssh.run(host.ip, script, timeout);
        if (r.unreachable()) {
            throw new ExtendException("lost SSH to " + host.ip + ": " + r.lastLine());
        }
        if (!r.ok()) {
            throw new ExtendException(r.lastLine().isEmpty() ? "exit code " + r.exit() : r.lastLine());
        }
        return r;
    }

    private void line(Server s, String what) {
        out.printf("%s %s: %s%n", s.name(), s.privateAddress(), what);
        out.flush();
    }

    static void requireArchive(Path archive) {
        if (archive == null || !Files.isRegularFile(archive)) {
            throw new ExtendException("no distribution archive" + (archive == null ? "" : " at " + archive)
                    + ": build it (./mvnw -B -pl dist -am package -DskipTests, giving dist/target/switchboard-dist.tar.gz)"
                    + " or pass --archive FILE");
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new ExtendException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static void literalIp(String ip) {
        if (!ip.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:]+")) {
            throw new ExtendException("-a takes the server's private IP address, got '" + ip + "'");
        }
    }

    private static String field(String output, String key) {
        for (String line : output.split("\n")) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1).strip();
            }
        }
        return "";
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE / 2048;
        }
    }

    /** 17 of {@code openjdk version "17.0.15" 2025-04-15}, 8 of {@code "1.8.0_392"}; 0 when none. */
    static int javaMajor(String versionLine) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"(\\d+)(?:\\.(\\d+))?").matcher(versionLine);
        if (!m.find()) {
            return 0;
        }
        int first = Integer.parseInt(m.group(1));
        return first == 1 && m.group(2) != null ? Integer.parseInt(m.group(2)) : first;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExtendException("interrupted");
        }
    }

    /** A target host, for the "[name ip] step ... result" lines. */
    private final class Host {
        final String name;
        final String ip;

        Host(String name, String ip) {
            this.name = name;
            this.ip = ip;
        }

        <T> T step(String what, Supplier<T> action) {
            out.printf("[%s %s] %s ... ", name, ip, what);
            out.flush();
            try {
                T result = action.get();
                String shown = result instanceof Target t ? describe(t) : result instanceof Duration d ? Durations.human(d)
                        : String.valueOf(result);
                out.println(shown.isEmpty() || shown.equals("ok") ? "ok" : "ok (" + shown + ")");
                out.flush();
                return result;
            } catch (ExtendException | AdminClient.ApiError e) {
                out.println("failed");
                out.flush();
                throw e instanceof ExtendException x ? x : new ExtendException(e.getMessage());
            }
        }

        void note(String what) {
            out.printf("[%s %s]   %s%n", name, ip, what);
            out.flush();
        }

        private String describe(Target t) {
            return t.os() + ", " + (t.java().isEmpty() ? "no Java" : "Java " + t.javaMajor()) + ", " + t.freeBytes() / GB
                    + " GB free on /" + (t.installed() ? ", installed before" : "");
        }
    }
}
