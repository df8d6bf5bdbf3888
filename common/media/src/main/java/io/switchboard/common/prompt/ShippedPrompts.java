package io.switchboard.common.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The prompts a role ships in its jar ({@code prompts/<name>.wav}), copied into the prompt directory
 * when missing and never over an operator's file: an operator replaces one by writing that file.
 */
public final class ShippedPrompts {
    /** "one" to "twenty" ({@code number-1} ... {@code number-20}), shipped in this jar for every role that counts aloud. */
    public static final java.util.List<String> NUMBERS = java.util.stream.IntStream.rangeClosed(1, 20)
            .mapToObj(i -> "number-" + i).toList();

    private ShippedPrompts() {
    }

    /** Copies each of {@code names} from {@code owner}'s jar into {@code dir}; {@code role} names the jar in errors. */
    public static void install(Path dir, Class<?> owner, List<String> names, String role) {
        try {
            Files.createDirectories(dir);
            for (String name : names) {
                Path file = dir.resolve(name + ".wav");
                if (Files.exists(file)) {
                    continue;
                }
                try (InputStream in = owner.getClassLoader().getResourceAsStream("prompts/" + name + ".wav")) {
                    if (in == null) {
                        throw new IOException("prompt " + name + " missing from the " + role + " jar");
                    }
                    Files.copy(in, file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the " + role + " prompts into " + dir, e);
        }
    }
}
