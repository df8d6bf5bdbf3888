package io.switchboard.common.prompt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prompts of one directory, each read once and kept. {@link #get} never throws: a prompt that is
 * missing, outside the directory or unreadable is logged once as an error naming the file and the
 * reason, and is replaced by one second of 425 Hz (the European dial-tone frequency), so the caller
 * hears that something is wrong and the IVR carries on. {@link #evict} forgets a prompt so a fixed
 * file is read again.
 */
public final class PromptLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(PromptLibrary.class);
    public static final double FALLBACK_HZ = 425;
    public static final int FALLBACK_MS = 1000;

    private final Path directory;
    private final ConcurrentMap<String, Prompt> prompts = new ConcurrentHashMap<>();

    public PromptLibrary(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** The prompt called {@code name} ({@code welcome} or {@code welcome.wav}, may contain sub-directories). */
    public Prompt get(String name) {
        return prompts.computeIfAbsent(name, this::load);
    }

    public void evict(String name) {
        prompts.remove(name);
    }

    private Prompt load(String name) {
        Path file = directory.resolve(name.endsWith(".wav") ? name : name + ".wav").normalize();
        try {
            if (!file.startsWith(directory)) {
                throw new WavFormatException("outside the prompt directory " + directory);
            }
            WavReader.Pcm pcm = WavReader.read(Files.readAllBytes(file));
            return new Prompt(name, Decimator.to8k(pcm.samples(), pcm.sampleRate()), false);
        } catch (IOException | WavFormatException | IllegalArgumentException e) {
            LOG.error("prompt '{}' cannot be played from {}: {}; playing {} ms of {} Hz instead",
                    name, file, describe(e), FALLBACK_MS, (int) FALLBACK_HZ);
            return new Prompt(name, Tone.sine(FALLBACK_HZ, FALLBACK_MS, 8000), true);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
