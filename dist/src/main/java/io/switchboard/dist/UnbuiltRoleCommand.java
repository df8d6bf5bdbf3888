package io.switchboard.dist;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Roles named in the launcher's stable interface whose servers are not in this build yet: they
 * say so and exit 3 rather than pretend to run.
 */
abstract class UnbuiltRoleCommand implements Callable<Integer> {
    @Option(names = "--config", description = "YAML configuration file")
    java.nio.file.Path config;

    abstract String role();

    @Override
    public Integer call() {
        System.err.println("switchboard: the " + role() + " role is not part of this build yet; "
                + "run 'switchboard all-in-one', 'switchboard signaling --config FILE', 'switchboard media-server --config FILE', 'switchboard ivr-server --config FILE' or 'switchboard queue-server --config FILE'");
        return 3;
    }

    @Command(name = "meeting-server", description = "Conference role (not in this build yet).")
    static final class MeetingServer extends UnbuiltRoleCommand {
        String role() {
            return "meeting-server";
        }
    }
}
