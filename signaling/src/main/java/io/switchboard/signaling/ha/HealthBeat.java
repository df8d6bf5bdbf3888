package io.switchboard.signaling.ha;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Beats into the named pipe the HA watchdog reads ({@code switchboard ha watchdog}), one line every
 * {@code ha.heartbeat}: empty while this member is fit to be active, {@code unfit <why>} while it is
 * not (cut off from the cluster: {@link ClusterSight}). The watchdog turns what it reads into
 * keepalived's track file: end of file (the process died: the kernel closed its end at once), silence
 * for a few beats (the process is frozen, e.g. SIGSTOP or a long GC pause) or an "unfit" line marks
 * this member faulty, so keepalived moves the virtual IP without waiting for a polled health check.
 *
 * <p>Opening a pipe for writing blocks until the watchdog opens it for reading, so this runs on a
 * thread of its own; a path that is not a pipe is never written (a typo must not fill the disk).
 */
public final class HealthBeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthBeat.class);
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final byte[] NEWLINE = {'\n'};

    private final Path pipe;
    private final Duration every;
    private final Supplier<Optional<String>> unfit;
    private final Thread thread;
    private volatile boolean running = true;

    /** @param unfit empty while this member may hold the virtual IP, else why not (one line) */
    public HealthBeat(Path pipe, Duration every, Supplier<Optional<String>> unfit) {
        this.pipe = pipe;
        this.every = every;
        this.unfit = unfit;
        this.thread = new Thread(this::run, "ha-health-beat");
        this.thread.setDaemon(true);
    }

    public HealthBeat start() {
        thread.start();
        return this;
    }

    private void run() {
        boolean waitingLogged = false;
        while (running) {
            if (!isPipe(pipe)) {
                if (!waitingLogged) {
                    LOG.warn("HA health pipe {} is missing (or not a named pipe): start the watchdog "
                            + "(./switchboard ha watchdog), or keepalived will never see this member healthy", pipe);
                    waitingLogged = true;
                }
                sleep(Duration.ofMillis(200));
                continue;
            }
            try (OutputStream out = Files.newOutputStream(pipe)) { // blocks until the watchdog reads
                LOG.info("beating into {} every {} ms", pipe, every.toMillis());
                waitingLogged = false;
                while (running) {
                    out.write(line(unfit.get()));
                    out.flush();
                    sleep(every);
                }
            } catch (IOException e) {
                // The watchdog went away (broken pipe): wait for the next one.
                LOG.warn("HA health pipe {}: {}; waiting for the watchdog", pipe, e.toString());
                sleep(Duration.ofMillis(200));
            }
        }
    }

    /** One beat: an empty line, or "unfit" and the reason on one line (the watchdog reads lines). */
    static byte[] line(Optional<String> unfit) {
        return unfit.map(why -> ("unfit " + why.replaceAll("[\\r\\n]+", " ") + "\n").getBytes(StandardCharsets.UTF_8))
                .orElse(NEWLINE);
    }

    static boolean isPipe(Path p) {
        try {
            return ((Integer) Files.getAttribute(p, "unix:mode") & S_IFMT) == S_IFIFO;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // Missing, unreadable, or a file system without unix modes: not a pipe we may write.
            return false;
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
