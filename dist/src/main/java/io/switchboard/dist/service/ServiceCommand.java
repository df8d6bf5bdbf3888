package io.switchboard.dist.service;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard service install|start|stop|restart|status|uninstall ROLE}: this host's role as a service. Fixed
 * contract (the cluster's extend step calls it over SSH): one result line per command, exit 0 on success, 3 from
 * status when the role is not running, 2 for an unknown role, 1 with the reason on any other failure.
 */
@Command(name = "service", mixinStandardHelpOptions = true,
        description = {"Run a role on this host as a service: a systemd unit where systemd is PID 1, a supervised process "
                + "with a PID file elsewhere.",
                "Paths: /opt/switchboard (the archive), /etc/switchboard/ROLE.yaml, /var/lib/switchboard, /var/log/switchboard."},
        subcommands = {ServiceCommand.Install.class, ServiceCommand.Start.class, ServiceCommand.Stop.class,
                ServiceCommand.Restart.class, ServiceCommand.Status.class, ServiceCommand.Uninstall.class})
public final class ServiceCommand {
    private final ServicePaths paths;
    private final Host host;
    private final RoleService service;

    /** This host: systemd when /run/systemd/system exists (systemd is PID 1), supervised processes otherwise. */
    public ServiceCommand() {
        this(ServicePaths.fromEnvironment(System.getenv()), new LocalHost());
    }

    private ServiceCommand(ServicePaths paths, Host host) {
        this(paths, host, Files.isDirectory(Path.of("/run/systemd/system")) ? new SystemdService(paths, host)
                : new SupervisedService(paths, host));
    }

    public ServiceCommand(ServicePaths paths, Host host, RoleService service) {
        this.paths = paths;
        this.host = host;
        this.service = service;
    }

    /** One subcommand: parses ROLE, runs, prints the one result line (stdout, or stderr on failure), returns the exit code. */
    abstract static class RoleCommand implements Callable<Integer> {
        @ParentCommand
        ServiceCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ROLE", description = "signaling, media-server, queue-server, meeting-server or ivr-server")
        String roleName;

        abstract Outcome run(Role role) throws ServiceFailure;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Role role = Role.parse(roleName).orElse(null);
            if (role == null) {
                err.println("switchboard service: unknown role '" + roleName + "' (one of: " + Role.names() + ")");
                err.flush();
                return 2;
            }
            Outcome outcome;
            try {
                outcome = run(role);
            } catch (ServiceFailure e) {
                outcome = Outcome.failed(role, e.getMessage());
            } catch (RuntimeException e) {
                outcome = Outcome.failed(role, spec.name() + " failed: " + e);
            }
            PrintWriter to = outcome.exitCode() == Outcome.FAILED ? err : out;
            to.println(outcome.line());
            to.flush();
            return outcome.exitCode();
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Create the system user and directories, copy the config, install and enable the unit (systemd). Idempotent.")
    static final class Install extends RoleCommand {
        @Option(names = "--config", paramLabel = "FILE", description = "copied to /etc/switchboard/ROLE.yaml")
        Path config;
        @Option(names = "--user", paramLabel = "USER", defaultValue = "switchboard", description = "system user the role runs as (default: ${DEFAULT-VALUE})")
        String user;

        @Override
        Outcome run(Role role) throws ServiceFailure {
            ServiceCommand p = parent;
            List<String> notes = new ArrayList<>();
            List<String> setup = new ServiceSetup(p.paths, p.host).prepare(role, user, config);
            notes.add(p.service.install(role, user));
            notes.addAll(setup);
            if (config != null && p.service.status(role).succeeded()) {
                notes.add("it is running: restart it to use the new config");
            }
            return Outcome.ok(role, "installed (" + String.join("; ", notes) + ")");
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the role (already running: says so, exit 0).")
    static final class Start extends RoleCommand {
        @Override
        Outcome run(Role role) throws ServiceFailure {
            return parent.service.start(role);
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop the role: SIGTERM, then up to 90 s for it to hand its calls over and exit (then SIGKILL).")
    static final class Stop extends RoleCommand {
        @Override
        Outcome run(Role role) throws ServiceFailure {
            return parent.service.stop(role);
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true, description = "Stop, then start the role.")
    static final class Restart extends RoleCommand {
        @Override
        Outcome run(Role role) throws ServiceFailure {
            return parent.service.restart(role);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Running (exit 0) or not running (exit 3).")
    static final class Status extends RoleCommand {
        @Override
        Outcome run(Role role) throws ServiceFailure {
            return parent.service.status(role);
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true,
            description = "Stop the role, remove its unit or PID file, its config and its log; /var/lib/switchboard stays unless --purge.")
    static final class Uninstall extends RoleCommand {
        @Option(names = "--purge", description = "also remove /var/lib/switchboard (database, recordings) of this host")
        boolean purge;

        @Override
        Outcome run(Role role) throws ServiceFailure {
            ServiceCommand p = parent;
            if (purge) {
                for (Role other : Role.values()) {
                    if (other != role && p.service.status(other).succeeded()) {
                        throw new ServiceFailure("not uninstalled: " + other + " still runs on this host and keeps its data in "
                                + p.paths.show(p.paths.stateDir()) + " (uninstall it first, or uninstall without --purge)");
                    }
                }
            }
            p.service.stop(role);
            List<String> removed = new ArrayList<>();
            String unit = p.service.remove(role);
            String files = new ServiceSetup(p.paths, p.host).cleanUp(role, purge);
            if (!unit.isEmpty()) {
                removed.add("removed " + unit);
            }
            if (!files.isEmpty()) {
                removed.add(files);
            }
            return Outcome.ok(role, "uninstalled" + (removed.isEmpty() ? "" : " (" + String.join("; ", removed) + ")"));
        }
    }
}
