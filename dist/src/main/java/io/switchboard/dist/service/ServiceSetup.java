package io.switchboard.dist.service;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The files and the account a role needs whichever way it runs: the system user, /etc/switchboard (config, root's,
 * readable by the user's group), /var/lib/switchboard (the user's: database, recordings, PID files) and
 * /var/log/switchboard. Every step is idempotent; ownership changes only when running as root.
 */
final class ServiceSetup {
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

    private final ServicePaths paths;
    private final Host host;

    ServiceSetup(ServicePaths paths, Host host) {
        this.paths = paths;
        this.host = host;
    }

    /** Creates what is missing and copies {@code config} (when given) to /etc/switchboard/ROLE.yaml; says what it did. */
    List<String> prepare(Role role, String user, Path config) throws ServiceFailure {
        if (!USER.matcher(user).matches()) {
            throw new ServiceFailure("not installed: '" + user + "' is not a valid user name");
        }
        if (config != null && !Files.isRegularFile(config)) {
            throw new ServiceFailure("not installed: config file " + config + " not found");
        }
        List<String> notes = new ArrayList<>();
        if (host.isRoot() && !host.userExists(user)) {
            host.createSystemUser(user, paths.stateDir());
            notes.add("system user " + user + " created");
        }
        try {
            directory(paths.configDir(), "rwxr-xr-x", null);
            directory(paths.stateDir(), "rwxr-x---", user);
            directory(paths.runDir(), "rwxr-xr-x", null);
            directory(paths.logDir(), "rwxr-x---", user);
            Path target = paths.config(role);
            if (config != null) {
                Files.copy(config, target, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
                if (host.isRoot()) {
                    host.chgrp(target, user);
                }
                notes.add("config " + paths.show(target));
            } else if (Files.isRegularFile(target)) {
                notes.add("config " + paths.show(target) + " kept");
            } else {
                notes.add("no config yet: write " + paths.show(target) + " before start");
            }
        } catch (IOException e) {
            throw new ServiceFailure("not installed: " + e);
        }
        return notes;
    }

    private void directory(Path dir, String mode, String owner) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
        }
        if (owner != null && host.isRoot()) {
            host.chown(dir, owner);
        }
    }

    /** Removes the role's config and log; with {@code purge} the whole state directory too. Says what was removed and kept. */
    String cleanUp(Role role, boolean purge) throws ServiceFailure {
        List<String> removed = new ArrayList<>();
        try {
            for (Path p : List.of(paths.config(role), paths.log(role))) {
                if (Files.deleteIfExists(p)) {
                    removed.add(paths.show(p));
                }
            }
            if (purge) {
                if (Files.exists(paths.stateDir())) {
                    deleteTree(paths.stateDir());
                    removed.add(paths.show(paths.stateDir()) + " (data and recordings)");
                }
            }
        } catch (IOException e) {
            throw new ServiceFailure("uninstall failed: " + e);
        }
        String what = removed.isEmpty() ? "" : "removed " + String.join(", ", removed);
        if (!purge && Files.exists(paths.stateDir())) {
            what += (what.isEmpty() ? "" : "; ") + "kept " + paths.show(paths.stateDir())
                    + " (data and recordings; --purge removes it)";
        }
        return what;
    }

    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
