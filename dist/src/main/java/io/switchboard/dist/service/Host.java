package io.switchboard.dist.service;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** What a service command asks of the operating system beyond files: accounts, ownership, other commands. */
public interface Host {
    /** Whether this process may create users and change owners (uid 0). */
    boolean isRoot();

    boolean userExists(String user);

    /** A system account without a login shell or a home of its own, with a group of the same name. */
    void createSystemUser(String user, Path home) throws ServiceFailure;

    /** Gives {@code path} to {@code user} and the group of the same name. */
    void chown(Path path, String user) throws IOException;

    /** Gives {@code path} to the group {@code group}, its owner unchanged. */
    void chgrp(Path path, String group) throws IOException;

    /** The owner's name of {@code path}. */
    String owner(Path path) throws IOException;

    /** Runs a command to its end and returns its exit code and its output (standard output and error together). */
    Result run(List<String> command) throws ServiceFailure;

    record Result(int exitCode, String output) {
        /** The first non-empty line of the output, for one-line reasons. */
        public String firstLine() {
            return output.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        }
    }
}
