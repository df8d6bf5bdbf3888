package io.switchboard.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary directory for one benchmark run (data dir, CSV files, SIPp logs), deleted on close. */
public final class Scratch implements AutoCloseable {
    private final Path dir;
    private final boolean keep;

    private Scratch(Path dir, boolean keep) {
        this.dir = dir;
        this.keep = keep;
    }

    /** A new directory; {@code keep} leaves it in place after the run, for reading the SIPp logs. */
    public static Scratch create(String prefix, boolean keep) throws IOException {
        return new Scratch(Files.createTempDirectory(prefix), keep);
    }

    public Path dir() {
        return dir;
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    @Override
    public void close() {
        if (keep) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
