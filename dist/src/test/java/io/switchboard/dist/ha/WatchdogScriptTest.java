package io.switchboard.dist.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped watchdog ({@code bin/switchboard-ha-watchdog}, run as {@code ./switchboard ha watchdog})
 * turns signaling's health beat into keepalived's track file: 0 while empty lines arrive, 1 on an
 * "unfit" line (the cut-off side of a partition), on silence (frozen) and at end of file (died).
 */
class WatchdogScriptTest {
    private static final Path SCRIPT = Path.of("src/main/bin/switchboard-ha-watchdog");

    @Test
    void theTrackFileFollowsTheBeatUnfitSilenceAndEndOfFile(@TempDir Path dir) throws Exception {
        Path pipe = dir.resolve("health");
        Path track = dir.resolve("track");
        Path log = dir.resolve("watchdog.log");
        Process watchdog = new ProcessBuilder("bash", SCRIPT.toString(), "--pipe", pipe.toString(), "--track-file",
                track.toString(), "--timeout", "0.3", "--owner", "").redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pipe) && Files.exists(track));
            assertThat(read(track)).as("faulty until the first beat").isEqualTo("1");
            try (OutputStream beat = Files.newOutputStream(pipe)) {
                beat(beat, "\n");
                await().atMost(Duration.ofSeconds(5)).until(() -> read(track).equals("0"));
                beat(beat, "unfit alone in the cluster\n");
                await().atMost(Duration.ofSeconds(5)).until(() -> read(track).equals("1"));
                beat(beat, "\n");
                await().atMost(Duration.ofSeconds(5)).until(() -> read(track).equals("0"));
                // No beat for longer than the timeout: frozen.
                await().atMost(Duration.ofSeconds(5)).until(() -> read(track).equals("1"));
                beat(beat, "\n");
                await().atMost(Duration.ofSeconds(5)).until(() -> read(track).equals("0"));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> read(track).equals("1"));
            String said = Files.readString(log);
            assertThat(said).contains("signaling unfit alone in the cluster", "frozen: no beat for 0.3 s",
                    "gone: its end of the pipe closed");
        } finally {
            watchdog.destroy();
            watchdog.waitFor();
        }
    }

    private static void beat(OutputStream out, String line) throws Exception {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String read(Path track) throws Exception {
        return Files.exists(track) ? Files.readString(track).strip() : "";
    }
}
