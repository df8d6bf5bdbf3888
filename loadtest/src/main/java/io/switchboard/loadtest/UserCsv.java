package io.switchboard.loadtest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongFunction;

/**
 * The two files a load run needs for a block of consecutive extensions: the provisioning CSV the
 * admin API imports ({@code extension,password,display_name}) and the SIPp injection CSV
 * ({@code extension;[authentication username=... password=...]}). Both are written line by line,
 * so a million users never sit in memory.
 */
public final class UserCsv {

    private UserCsv() {
    }

    /**
     * The password a generated user gets: derived from the extension so SIPp's injection file can be
     * written apart from the import, strong enough for the default password policy (about 10^19
     * guesses), with no spaces and no ']', which would end SIPp's keyword.
     */
    public static String password(long extension) {
        long z = extension * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return "Sb-" + Long.toString(z >>> 1, 36);
    }

    /** A password that is never right, for the wrong-password scenario. */
    public static String wrongPassword(long extension) {
        return "wrong" + extension;
    }

    /** Writes {@code count} users from extension {@code first}, with a header line. */
    public static Path writeUsers(Path file, long first, long count) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("extension,password,display_name\n");
            for (long ext = first; ext < first + count; ext++) {
                w.write(ext + "," + password(ext) + ",Load User " + ext + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /**
     * Writes SIPp's injection file for {@code count} extensions from {@code first}. SIPp 3.6.1 does
     * not expand [fieldN] inside [authentication ...], so the whole keyword is one field.
     */
    public static Path writeInjection(Path file, long first, long count, LongFunction<String> password) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
            w.write("SEQUENTIAL\n");
            for (long ext = first; ext < first + count; ext++) {
                w.write(ext + ";[authentication username=" + ext + " password=" + password.apply(ext) + "]\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
