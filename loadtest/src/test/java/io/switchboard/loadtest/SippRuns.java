package io.switchboard.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the SIPp-driven call, transfer and IVR tests share: scenario files with placeholders, port waits, RTP payloads. */
public final class SippRuns {
    private SippRuns() {
    }

    /**
     * Runs {@code sipp/<file>} from the class path with its {@code {{name}}} placeholders filled, as
     * {@code run} describes; SIPp stops itself at the run's timeout, or is stopped by its PID.
     */
    public static SippProcess start(Sipp run, String file, Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.putIfAbsent("relay-address", SippScenario.LOOPBACK_RELAY);
        try {
            Files.createDirectories(run.workDir());
            String text;
            try (InputStream in = SippRuns.class.getResourceAsStream("/sipp/" + file)) {
                assertThat(in).as("scenario sipp/%s on the classpath", file).isNotNull();
                text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            for (Map.Entry<String, String> e : all.entrySet()) {
                text = text.replace("{{" + e.getKey() + "}}", e.getValue());
            }
            assertThat(text).as("scenario %s with every placeholder filled", file).doesNotContain("{{");
            Path scenario = Files.writeString(run.workDir().resolve(file), text, StandardCharsets.ISO_8859_1);
            List<String> cmd = run.command(scenario);
            Process p = new ProcessBuilder(cmd).directory(run.workDir().toFile()).redirectErrorStream(true)
                    .redirectOutput(run.outputFile().toFile()).start();
            return new SippProcess(run, p, cmd);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start sipp in " + run.workDir(), e);
        }
    }

    /**
     * Registers {@code ext} (a user made with {@link UserCsv#password}) from a fresh local port with its
     * own SIPp run, and waits until signaling's location service holds the binding (its writes reach the
     * cluster asynchronously, so the 200 may come first). Returns the port, where the phone's UAS then runs.
     */
    public static int register(io.switchboard.signaling.SignalingServer server, Path dir, String ext, Duration timeout) {
        int port = Sipp.freeLocalPort(SippTransport.UDP);
        Path inf = UserCsv.writeInjection(dir.resolve("inf-" + ext + ".csv"), Long.parseLong(ext), 1, UserCsv::password);
        SippResult r = Sipp.scenario(SippScenario.REGISTER, server.sipPort(), dir.resolve("sipp-register-" + ext))
                .injection(inf).localPort(port).timeout(timeout).run();
        assertThat(r.allSucceeded()).as(r.describe()).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(server.location().lookup(ext).contacts()).as("bindings of %s", ext).hasSize(1));
        return port;
    }

    /** Waits until a SIPp UAS has bound its UDP port (instead of sleeping). */
    public static void awaitBound(int port) {
        awaitBound(Sipp.LOOPBACK, port);
    }

    /** Waits until a SIPp UAS has bound its UDP port on {@code address}. */
    public static void awaitBound(String address, int port) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            try (DatagramSocket s = new DatagramSocket(port, InetAddress.getByName(address))) {
                return false;
            } catch (BindException e) {
                return true;
            } catch (SocketException e) {
                return false;
            }
        });
    }
}
