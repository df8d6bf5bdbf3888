package io.switchboard.dist;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./switchboard}: one subcommand per role, plus the admin commands. */
@Command(name = "switchboard", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Switchboard: the servers of a PBX that scales out.",
        subcommands = {AllInOneCommand.class, SignalingCommand.class, MediaServerCommand.class,
                QueueServerCommand.class, MeetingServerCommand.class,
                IvrServerCommand.class, UserCommand.class, QueueCommand.class,
                AgentCommand.class, RoomCommand.class, ServerCommand.class, TrunkCommand.class,
                io.switchboard.dist.service.ServiceCommand.class, io.switchboard.dist.extend.ExtendCommand.class,
                io.switchboard.dist.ha.HaCommand.class})
public final class SwitchboardCli {

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new SwitchboardCli());
        cli.setExecutionExceptionHandler(new StartupErrors());
        System.exit(cli.execute(args));
    }
}
