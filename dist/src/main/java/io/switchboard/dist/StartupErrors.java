package io.switchboard.dist;

import io.switchboard.common.config.ConfigException;
import picocli.CommandLine;

/** Turns start-up failures into one clear line and exit code 2 (config) or 1 (anything else), never a stack trace for a config error. */
final class StartupErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        if (e instanceof ConfigException) {
            cli.getErr().println("switchboard: " + e.getMessage());
            return 2;
        }
        if (e instanceof io.switchboard.common.lifecycle.ListenError listen) {
            cli.getErr().println("switchboard: " + listen.getMessage());
            return 1;
        }
        if (e instanceof AdminClient.ApiError api) {
            cli.getErr().println("switchboard: " + api.getMessage());
            return 1;
        }
        cli.getErr().println("switchboard: " + e);
        Throwable cause = e.getCause();
        while (cause != null) {
            cli.getErr().println("  caused by: " + cause);
            cause = cause.getCause();
        }
        return 1;
    }
}
