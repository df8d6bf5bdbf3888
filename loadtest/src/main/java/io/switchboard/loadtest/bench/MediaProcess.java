package io.switchboard.loadtest.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A media server in a JVM of its own ({@link MediaNodeMain} in a {@link ChildJvm}). */
final class MediaProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final ChildJvm child;

    private MediaProcess(ChildJvm child) {
        this.child = child;
    }

    /**
     * Starts a node with {@code keys} as configuration overrides; {@code fdLimit} > 0 lowers its
     * open-file limit.
     */
    static MediaProcess start(String name, Map<String, String> keys, List<String> jvmOptions, int fdLimit, Path log)
            throws IOException {
        return new MediaProcess(ChildJvm.start("media node " + name, MediaNodeMain.class, MediaNodeMain.READY, keys,
                jvmOptions, fdLimit, log, START_TIMEOUT, STOP_GRACE));
    }

    long pid() {
        return child.pid();
    }

    int ngPort() {
        return child.readyValue("ng");
    }

    int httpPort() {
        return child.readyValue("http");
    }

    Path log() {
        return child.log();
    }

    boolean alive() {
        return child.alive();
    }

    @Override
    public void close() {
        child.close();
    }
}
