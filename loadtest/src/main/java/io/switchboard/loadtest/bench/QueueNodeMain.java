package io.switchboard.loadtest.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.switchboard.queue.QueueServer;
import io.switchboard.queue.QueueSettings;
import java.nio.file.Path;
import java.time.Duration;
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

    /** The child process seen from the benchmark: a {@link ChildJvm} running this main. */
    static final class Child implements AutoCloseable {
        private final ChildJvm child;
        final int sipPort;
        final int httpPort;

        private Child(ChildJvm child) {
            this.child = child;
            this.sipPort = child.readyValue("sip");
            this.httpPort = child.readyValue("http");
        }

        static Child start(Map<String, String> keys, List<String> jvmOptions, Path log) throws Exception {
            return new Child(ChildJvm.start("queue node", QueueNodeMain.class, READY, keys, jvmOptions, 0, log,
                    Duration.ofSeconds(90), Duration.ofSeconds(15)));
        }

        long pid() {
            return child.pid();
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
}
