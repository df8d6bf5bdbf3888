package io.switchboard.signaling.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The prompt names an IVR definition may use: the {@code .wav} files of the prompt directory, without the extension. */
public final class PromptDirectory {
    private PromptDirectory() {
    }

    public static Set<String> names(Path dir) {
        Set<String> names = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.toLowerCase(Locale.ROOT).endsWith(".wav"))
                    .forEach(n -> names.add(n.substring(0, n.length() - 4)));
        } catch (IOException e) {
            // An unreadable directory offers no prompts; the definition's errors will name them.
        }
        return names;
    }
}
