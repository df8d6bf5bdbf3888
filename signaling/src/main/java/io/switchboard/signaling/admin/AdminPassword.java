package io.switchboard.signaling.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The admin API credential: the configured one ({@code admin.password} / SWITCHBOARD_ADMIN_PASSWORD),
 * else the one stored under the data dir, else a new random one written there (mode 600) at first start.
 */
public record AdminPassword(String value, Path file, boolean generated) {
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static AdminPassword resolve(Optional<String> configured, Path dataDir) {
        Path file = dataDir.resolve("admin-password");
        if (configured.isPresent()) {
            return new AdminPassword(configured.get(), file, false);
        }
        try {
            if (Files.isReadable(file)) {
                String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!stored.isEmpty()) {
                    return new AdminPassword(stored, file, false);
                }
            }
            SecureRandom random = new SecureRandom();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            Files.createDirectories(dataDir);
            Files.writeString(file, sb + "\n", StandardCharsets.UTF_8);
            // Readable by the service user only, where the file system has POSIX modes at all.
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return new AdminPassword(sb.toString(), file, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }
}
