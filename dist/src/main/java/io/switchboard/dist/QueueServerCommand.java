package io.switchboard.dist;

import io.switchboard.common.config.ConfigLoader;
import io.switchboard.queue.QueueServer;
import io.switchboard.queue.QueueSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The queue server role alone: hosts call queues and answers the queue numbers signaling routes to it. */
@Command(name = "queue-server", mixinStandardHelpOptions = true, description = "Start the call queue role alone.")
final class QueueServerCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (keys: common.yaml and queue.yaml)")
    Path config;

    @Override
    public Integer call() throws Exception {
        QueueSettings settings = QueueSettings.from(new ConfigLoader(QueueSettings.REFERENCE).load(config, System.getenv(), Map.of()));
        return RunningServer.runUntilStopped(QueueServer.start(settings, Version.current(), System.out));
    }
}
