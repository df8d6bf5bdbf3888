package io.switchboard.dist;

import io.switchboard.common.config.ConfigLoader;
import io.switchboard.meeting.MeetingServer;
import io.switchboard.meeting.MeetingSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The meeting server role alone: hosts conference rooms and answers the room numbers signaling routes to it. */
@Command(name = "meeting-server", mixinStandardHelpOptions = true, description = "Start the conference (meeting) role alone.")
final class MeetingServerCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (keys: common.yaml and meeting.yaml)")
    Path config;

    @Override
    public Integer call() throws Exception {
        MeetingSettings settings = MeetingSettings.from(new ConfigLoader(MeetingSettings.REFERENCE).load(config, System.getenv(), Map.of()));
        return RunningServer.runUntilStopped(MeetingServer.start(settings, Version.current(), System.out));
    }
}
