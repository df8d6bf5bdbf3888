package io.switchboard.loadtest.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.cluster.ClusterMember;
import io.switchboard.media.MediaServer;
import io.switchboard.media.MediaSettings;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The main of a media-server child process started by {@link MediaProcess}: its arguments are
 * {@code key=value} configuration overrides (plus {@code join=false} to stay out of any cluster, {@code call-log=true} to keep the per-command ng log, {@code lite-member=true} to join as a
 * Hazelcast lite member, which the product's media-server command does not do).
 * It prints {@value #READY} with its ports once up and stops when its standard input closes, so a
 * benchmark that dies never leaves a relay behind holding thousands of ports.
 */
public final class MediaNodeMain {
    public static final String READY = "MEDIA-NODE-READY";

    private MediaNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
            ctx.getLogger("io.switchboard").setLevel(Level.INFO);
        }
        Map<String, String> keys = ChildJvm.arguments(args);
        boolean join = !"false".equals(keys.remove("join"));
        if (!"true".equals(keys.remove("call-log")) && LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            // One INFO line per ng command is more work than the command at benchmark rates.
            ctx.getLogger("io.switchboard.media.ng").setLevel(Level.WARN);
        }
        boolean lite = "true".equals(keys.remove("lite-member"));
        MediaSettings settings = MediaSettings.load(keys);
        HazelcastInstance hz = null;
        if (join && lite) {
            // A lite member owns no partitions: the signaling maps (users with their MapStore,
            // registrations, calls) stay on signaling members, which alone configure them.
            hz = ClusterMember.start(settings.cluster(), settings.nodeName(), config -> config.setLiteMember(true));
        }
        try (MediaServer server = hz != null ? MediaServer.embedded(settings, "bench", System.out, hz)
                : MediaServer.start(settings, "bench", System.out, join)) {
            System.out.println(READY + " ng=" + server.ngPort() + " http=" + server.httpPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Anything the parent writes is ignored; end of input is the signal to stop.
            }
        }
        if (hz != null) {
            hz.shutdown();
        }
        System.exit(0);
    }
}
