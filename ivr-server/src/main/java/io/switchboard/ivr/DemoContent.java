package io.switchboard.ivr;

import io.switchboard.common.ivr.IvrApp;
import io.switchboard.common.ivr.IvrAppParser;
import io.switchboard.common.ivr.IvrApps;
import io.switchboard.common.ivr.IvrNumberTakenException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an IVR node ships: the demo prompts (copied into the prompt directory when missing, never
 * over an operator's file) and the demo application on 8000 (stored when no application holds 8000).
 */
final class DemoContent {
    private static final Logger LOG = LoggerFactory.getLogger(DemoContent.class);
    static final List<String> PROMPTS = List.of("demo-welcome", "invalid", "timeout", "goodbye", "transfer-failed");
    static final String DEMO_APP = "ivr/demo.yaml";

    private DemoContent() {
    }

    static void installPrompts(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String name : PROMPTS) {
                Path file = dir.resolve(name + ".wav");
                if (Files.exists(file)) {
                    continue;
                }
                try (InputStream in = resource("prompts/" + name + ".wav")) {
                    Files.copy(in, file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the demo prompts into " + dir, e);
        }
    }

    /** Stores the demo application unless its number is taken; true when stored. */
    static boolean installDemoApp(IvrApps apps, Path promptDir) {
        try (InputStream in = resource(DEMO_APP)) {
            IvrApp demo = IvrAppParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), available(promptDir));
            if (apps.byNumber(demo.number()).isPresent()) {
                return false;
            }
            apps.put(demo);
            LOG.info("IVR demo application '{}' stored on number {}", demo.name(), demo.number());
            return true;
        } catch (IvrNumberTakenException e) {
            return false; // another node stored it first
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prompt names (file names without .wav) in {@code dir}. */
    static Set<String> available(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".wav"))
                    .map(n -> n.substring(0, n.length() - 4)).collect(Collectors.toSet());
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = DemoContent.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("resource " + name + " missing from the IVR server jar");
        }
        return in;
    }
}
