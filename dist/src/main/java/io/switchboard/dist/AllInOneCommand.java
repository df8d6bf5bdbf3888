package io.switchboard.dist;

import io.switchboard.signaling.SignalingServer;
import io.switchboard.signaling.SignalingSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Signaling plus the default local worker servers in one JVM, with an embedded Hazelcast member and
 * H2 database under the data dir. Worker roles join it as they are built; today it is signaling
 * (registrar, user directory, admin API).
 */
@Command(name = "all-in-one", mixinStandardHelpOptions = true,
        description = "Start the whole system on this machine (embedded Hazelcast and H2).")
final class AllInOneCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options;

    @Override
    public Integer call() throws Exception {
        SignalingSettings settings = SignalingSettings.from(options.load());
        return RunningServer.runUntilStopped(SignalingServer.start(settings, Version.current(), System.out));
    }
}
