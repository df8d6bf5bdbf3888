package io.switchboard.loadtest.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.switchboard.loadtest.LocalSignaling;
import io.switchboard.signaling.SignalingServer;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The main of a signaling child process ({@link LocalSignaling} on 127.0.0.1 in a JVM of its own,
 * started through {@link ChildJvm}), so that the registration benchmark measures the server's CPU
 * alone, not the runner's as well. Arguments are {@code key=value} configuration overrides and
 * {@code data-dir}; it prints {@value #READY} with its ports once up and stops when its standard
 * input closes.
 */
public final class SignalingNodeMain {
    public static final String READY = "SIGNALING-NODE-READY";

    private SignalingNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
            ctx.getLogger("io.switchboard").setLevel(Level.INFO);
        }
        Map<String, String> keys = ChildJvm.arguments(args);
        Path dataDir = Path.of(keys.remove("data-dir"));
        try (SignalingServer server = LocalSignaling.start(dataDir, keys, System.out)) {
            System.out.println(READY + " sip=" + server.sipPort() + " http=" + server.httpPort() + " tls=" + server.sipTlsPort()
                    + " pid=" + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // End of input is the signal to stop.
            }
        }
        System.exit(0);
    }
}
