package io.switchboard.dist;

import io.switchboard.common.config.ConfigLoader;
import io.switchboard.media.MediaServer;
import io.switchboard.media.MediaSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The media server role alone: RTP relay and ng control, joining the cluster named in its configuration. */
@Command(name = "media-server", mixinStandardHelpOptions = true,
        description = "Start the RTP relay (rtpengine ng protocol) role alone.")
final class MediaServerCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (keys: common.yaml and media.yaml)")
    Path config;

    @Override
    public Integer call() throws Exception {
        MediaSettings settings = MediaSettings.from(new ConfigLoader(MediaSettings.REFERENCE).load(config, System.getenv(), Map.of()));
        return RunningServer.runUntilStopped(MediaServer.start(settings, Version.current(), System.out));
    }
}
