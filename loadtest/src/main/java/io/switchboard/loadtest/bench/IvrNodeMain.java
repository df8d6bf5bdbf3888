package io.switchboard.loadtest.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.cluster.ClusterMember;
import io.switchboard.common.ivr.IvrApps;
import io.switchboard.ivr.IvrServer;
import io.switchboard.ivr.IvrSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The main of an IVR child process started by {@link IvrBenchmark}: one JVM "IVR node" made of a
 * plain Hazelcast data member (configured with {@link IvrApps#configure}, in a cluster of its own
 * name, so {@code ivr-apps} lives here) and {@link IvrServer#embedded} on it, which installs the
 * demo prompts and the demo application on 8000. Arguments are {@code key=value} configuration
 * overrides. It prints {@value #READY} with its ports once up and stops when its standard input
 * closes, like {@link MediaNodeMain}, so a benchmark that dies never leaves it behind.
 */
public final class IvrNodeMain {
    static final String READY = "IVR-NODE-READY";

    private IvrNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
            ctx.getLogger("io.switchboard").setLevel(Level.INFO);
        }
        Map<String, String> keys = ChildJvm.arguments(args);
        IvrSettings settings = IvrSettings.load(keys);
        HazelcastInstance hz = ClusterMember.start(settings.cluster(), settings.nodeName(), IvrApps::configure);
        try (IvrServer server = IvrServer.embedded(settings, "bench", System.out, hz)) {
            System.out.println(READY + " sip=" + server.sipPort() + " http=" + server.httpPort()
                    + " epoll=" + server.rtp().epoll());
            System.out.flush();
            while (System.in.read() >= 0) {
                // End of input is the signal to stop.
            }
            System.out.println("IVR-NODE-STOPPING sessions=" + server.calls().size());
        }
        hz.shutdown();
        System.exit(0);
    }

    /** Starts this main in a child JVM of the benchmark's. */
    static NodeChild startChild(Map<String, String> keys, List<String> jvmOptions, Path log) throws Exception {
        return NodeChild.start("IVR node", IvrNodeMain.class, READY, keys, jvmOptions, log);
    }
}
