package io.switchboard.dist.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;

/** This machine: uid from /proc, accounts through getent and useradd, commands as child processes. */
public final class LocalHost implements Host {
    @Override
    public boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            // No /proc or no unix: attributes (not Linux): treated as not root, so install never tries
            // useradd or chown on a guess.
            return false;
        }
    }

    @Override
    public boolean userExists(String user) {
        try {
            return run(List.of("getent", "passwd", user)).exitCode() == 0;
        } catch (ServiceFailure e) {
            return false;
        }
    }

    @Override
    public void createSystemUser(String user, Path home) throws ServiceFailure {
        Result r = run(List.of("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", home.toString(),
                "--shell", "/usr/sbin/nologin", user));
        if (r.exitCode() != 0) {
            throw new ServiceFailure("could not create the system user " + user + ": useradd exited " + r.exitCode()
                    + (r.firstLine().isEmpty() ? "" : ": " + r.firstLine()));
        }
    }

    @Override
    public void chown(Path path, String user) throws IOException {
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        view.setOwner(lookup.lookupPrincipalByName(user));
        view.setGroup(lookup.lookupPrincipalByGroupName(user));
    }

    @Override
    public void chgrp(Path path, String group) throws IOException {
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setGroup(lookup.lookupPrincipalByGroupName(group));
    }

    @Override
    public String owner(Path path) throws IOException {
        return Files.getOwner(path).getName();
    }

    @Override
    public Result run(List<String> command) throws ServiceFailure {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), output);
        } catch (IOException e) {
            throw new ServiceFailure("could not run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceFailure("interrupted while running " + command.get(0));
        }
    }
}
