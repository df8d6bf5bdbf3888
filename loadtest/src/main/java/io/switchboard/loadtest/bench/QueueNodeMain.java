package io.switchboard.loadtest.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.switchboard.queue.QueueServer;
import io.switchboard.queue.QueueSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The main of a queue-server child process started by {@link QueueScenario}: {@link QueueServer#start}
 * (a Hazelcast lite member joining the benchmark's signaling cluster), so the queue node's CPU time
 * is its own process's. Arguments are {@code key=value} configuration overrides. It prints
 * {@value #READY} with its ports once up and stops when its standard input closes, like
 * {@link MediaNodeMain}, so a benchmark that dies never leaves it behind.
 */
public final class QueueNodeMain {
    static final String READY = "QUEUE-NODE-READY";

    private QueueNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
            ctx.getLogger("io.switchboard").setLevel(Level.INFO);
        }
        Map<String, String> keys = ChildJvm.arguments(args);
        try (QueueServer server = QueueServer.start(QueueSettings.load(keys), "bench", System.out)) {
            System.out.println(READY + " sip=" + server.sipPort() + " http=" + server.httpPort()
                    + " pid=" + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // End of input is the signal to stop.
            }
            System.out.println("QUEUE-NODE-STOPPING sessions=" + server.worker().size());
        }
        System.exit(0);
    }

    /** Starts this main in a child JVM of the benchmark's. */
    static NodeChild startChild(Map<String, String> keys, List<String> jvmOptions, Path log) throws Exception {
        return NodeChild.start("queue node", QueueNodeMain.class, READY, keys, jvmOptions, log);
    }
}
