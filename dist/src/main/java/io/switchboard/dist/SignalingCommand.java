package io.switchboard.dist;

import io.switchboard.signaling.SignalingServer;
import io.switchboard.signaling.SignalingSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The signaling role alone, joining the cluster named in its configuration. */
@Command(name = "signaling", mixinStandardHelpOptions = true,
        description = "Start the SIP signaling / call-control role alone.")
final class SignalingCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options;

    @Override
    public Integer call() throws Exception {
        SignalingSettings settings = SignalingSettings.from(options.load(SignalingSettings.REFERENCE));
        return RunningServer.runUntilStopped(SignalingServer.start(settings, Version.current(), System.out));
    }
}
