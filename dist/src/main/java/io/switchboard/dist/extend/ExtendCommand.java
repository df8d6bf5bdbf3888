package io.switchboard.dist.extend;

import io.switchboard.common.cluster.ServerType;
import io.switchboard.dist.AdminClient;
import io.switchboard.dist.AdminOptions;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code switchboard extend run|start|stop|restart|rm|upgrade}: on the main (signaling) host, deploys worker roles
 * to the servers of the inventory over SSH and manages them there. See README, "Adding servers: extend".
 */
@Command(name = "extend", mixinStandardHelpOptions = true,
        description = "Deploy media, queue, meeting and IVR servers of the inventory to their machines over SSH, and manage them.",
        subcommands = {ExtendCommand.Run.class, ExtendCommand.Start.class, ExtendCommand.Stop.class,
                ExtendCommand.Restart.class, ExtendCommand.Remove.class, ExtendCommand.Upgrade.class})
public final class ExtendCommand {
    @Mixin
    AdminOptions admin;

    @Option(names = "--ssh-config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "ssh/scp configuration file (passed as -F); default: the system's and ~/.ssh/config")
    Path sshConfig;

    @Option(names = "--ssh-user", paramLabel = "USER", scope = ScopeType.INHERIT,
            description = "user to log in as (sudo -n when not root); default: the ssh config's User, else root")
    String sshUser;

    @Option(names = "--archive", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "distribution archive to copy (default: switchboard-dist.tar.gz next to this installation,"
                    + " or dist/target/switchboard-dist.tar.gz of the repository)")
    Path archive;

    /** picocli: -s media-server-only|media|..., vr-server-only included. */
    static final class TypeConverter implements ITypeConverter<ServerType> {
        @Override
        public ServerType convert(String value) {
            return ServerType.parse(value).orElseThrow(() -> new TypeConversionException("unknown server type '" + value
                    + "': one of media-server-only, queue-server-only, meeting-server-only, ivr-server-only (or "
                    + ServerType.accepted() + ")"));
        }
    }

    Extender extender(PrintWriter out) {
        AdminClient api = admin.client();
        return new Extender(new Inventory(api), new Ssh(sshConfig, sshUser), out, Extender::interfaceAddresses);
    }

    /** --archive, else the installation's or the repository's switchboard-dist.tar.gz. */
    Path archive() {
        if (archive != null) {
            return archive;
        }
        List<Path> candidates = new ArrayList<>();
        try {
            Path code = Path.of(ExtendCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // dist/target/switchboard.jar or dist/target/classes -> dist/target; /opt/switchboard/lib/x.jar -> /opt/switchboard/lib
            Path dir = code.getParent();
            if (dir != null) {
                candidates.add(dir.resolve("switchboard-dist.tar.gz"));
                if (dir.getParent() != null) {
                    candidates.add(dir.getParent().resolve("switchboard-dist.tar.gz"));
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // No code source (an unusual class loader): the working directory's candidate only.
        }
        candidates.add(Path.of("dist/target/switchboard-dist.tar.gz"));
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElse(candidates.get(candidates.size() - 1))
                .toAbsolutePath().normalize();
    }

    /** Runs {@code body}; a refusal or failure is one "switchboard: ..." line on stderr and exit code 1. */
    static int guarded(CommandSpec spec, Callable<Integer> body) {
        try {
            return body.call();
        } catch (ExtendException | AdminClient.ApiError e) {
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().println("switchboard: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Deploy a server of the inventory to its machine: check, copy, configure, start, wait until Online.")
    static final class Run implements Callable<Integer> {
        @ParentCommand
        ExtendCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = "-s", required = true, paramLabel = "TYPE", converter = TypeConverter.class,
                description = "media-server-only, queue-server-only, meeting-server-only or ivr-server-only (or media, queue, meeting, ivr)")
        ServerType type;
        @Option(names = "-n", required = true, paramLabel = "NAME", description = "the server's name in the inventory")
        String name;
        @Option(names = "-a", required = true, paramLabel = "IP", description = "the server's private IP (as in the inventory)")
        String ip;
        @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "120s", converter = Durations.class,
                description = "how long to wait for Online (default ${DEFAULT-VALUE})")
        Duration wait;

        @Override
        public Integer call() {
            return guarded(spec, () -> {
                parent.extender(spec.commandLine().getOut()).run(type, name, ip, parent.archive(), wait);
                return 0;
            });
        }
    }

    /** -s/-n/-a of the commands on deployed servers; none: every extended server. */
    static final class Selection {
        @Option(names = "-s", paramLabel = "TYPE", converter = TypeConverter.class,
                description = "only servers of this type (media-server-only, ..., or media, queue, meeting, ivr)")
        ServerType type;
        @Option(names = "-n", paramLabel = "NAME", description = "only this server")
        String name;
        @Option(names = "-a", paramLabel = "IP", description = "only the server at this private IP")
        String ip;
    }

    abstract static class OnServers implements Callable<Integer> {
        @ParentCommand
        ExtendCommand parent;
        @Spec
        CommandSpec spec;
        @Mixin
        Selection selection;

        abstract int act(Extender extender, List<Inventory.Server> servers);

        @Override
        public Integer call() {
            return guarded(spec, () -> {
                Extender extender = parent.extender(spec.commandLine().getOut());
                return act(extender, extender.select(selection.type, selection.name, selection.ip)) == 0 ? 0 : 1;
            });
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the role on the selected extended servers and wait until Online.")
    static final class Start extends OnServers {
        @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "120s", converter = Durations.class,
                description = "how long to wait for Online (default ${DEFAULT-VALUE})")
        Duration wait;

        @Override
        int act(Extender extender, List<Inventory.Server> servers) {
            return extender.service(servers, "start", wait);
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the role on the selected extended servers.")
    static final class Stop extends OnServers {
        @Override
        int act(Extender extender, List<Inventory.Server> servers) {
            return extender.service(servers, "stop", Duration.ZERO);
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true,
            description = "Restart the role on the selected extended servers (calls on them end; 'upgrade' drains first).")
    static final class Restart extends OnServers {
        @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "120s", converter = Durations.class,
                description = "how long to wait for Online (default ${DEFAULT-VALUE})")
        Duration wait;

        @Override
        int act(Extender extender, List<Inventory.Server> servers) {
            return extender.service(servers, "restart", wait);
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = "Uninstall the role from the selected extended servers and disable them in the inventory (the rows stay).")
    static final class Remove extends OnServers {
        @Option(names = "--purge", description = "delete data, recordings and logs on the server too")
        boolean purge;

        @Override
        int act(Extender extender, List<Inventory.Server> servers) {
            return extender.remove(servers, purge);
        }
    }

    @Command(name = "upgrade", mixinStandardHelpOptions = true,
            description = "One server at a time: drain (no new sessions), wait for its sessions to end, install the archive, restart, Online, next.")
    static final class Upgrade extends OnServers {
        @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "30m", converter = Durations.class,
                description = "how long a server may take to finish its sessions (default ${DEFAULT-VALUE})")
        Duration drainTimeout;
        @Option(names = "--force", description = "upgrade a server still busy at the drain timeout (its calls are cut)")
        boolean force;
        @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "120s", converter = Durations.class,
                description = "how long to wait for Online after the restart (default ${DEFAULT-VALUE})")
        Duration wait;

        @Override
        int act(Extender extender, List<Inventory.Server> servers) {
            Extender.OnBusy onBusy = force ? Extender.OnBusy.FORCE : System.console() != null ? Extender.OnBusy.ASK : Extender.OnBusy.STOP;
            return extender.upgrade(servers, parent.archive(), drainTimeout, wait, onBusy);
        }
    }
}
