package io.switchboard.dist;

import io.switchboard.common.config.ConfigLoader;
import io.switchboard.ivr.IvrServer;
import io.switchboard.ivr.IvrSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The IVR server role alone: answers the IVR numbers signaling routes to it, joining the cluster in its configuration. */
@Command(name = "ivr-server", mixinStandardHelpOptions = true, description = "Start the IVR role alone.")
final class IvrServerCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (keys: common.yaml and ivr.yaml)")
    Path config;

    @Override
    public Integer call() throws Exception {
        IvrSettings settings = IvrSettings.from(new ConfigLoader(IvrSettings.REFERENCE).load(config, System.getenv(), Map.of()));
        return RunningServer.runUntilStopped(IvrServer.start(settings, Version.current(), System.out));
    }
}
