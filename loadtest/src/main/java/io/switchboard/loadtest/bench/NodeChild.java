package io.switchboard.loadtest.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A worker node (meeting, queue, IVR) running its bench main in a {@link ChildJvm}, seen from the
 * benchmark: the SIP and metrics ports its ready line announced, that line, its log and its
 * process. A node gets 90 s to start (a cold JIT on a small machine) and 15 s to stop.
 */
final class NodeChild implements AutoCloseable {
    private final ChildJvm child;
    final int sipPort;
    final int httpPort;
    final String readyLine;
    final Path log;

    private NodeChild(ChildJvm child) {
        this.child = child;
        this.readyLine = child.readyLine();
        this.sipPort = child.readyValue("sip");
        this.httpPort = child.readyValue("http");
        this.log = child.log();
    }

    /** Starts {@code main}, named {@code what} in errors, and waits for its {@code ready} line. */
    static NodeChild start(String what, Class<?> main, String ready, Map<String, String> keys, List<String> jvmOptions,
                           Path log) throws Exception {
        return new NodeChild(ChildJvm.start(what, main, ready, keys, jvmOptions, 0, log, Duration.ofSeconds(90),
                Duration.ofSeconds(15)));
    }

    long pid() {
        return child.pid();
    }

    boolean alive() {
        return child.alive();
    }

    @Override
    public void close() {
        child.close();
    }
}
