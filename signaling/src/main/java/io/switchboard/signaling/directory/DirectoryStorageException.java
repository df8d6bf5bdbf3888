package io.switchboard.signaling.directory;

import java.sql.SQLException;

/** The user database failed; the message says what we were doing, the cause what went wrong. */
public final class DirectoryStorageException extends RuntimeException {

    public DirectoryStorageException(String action, SQLException cause) {
        super("user database: " + action + " failed: " + cause.getMessage(), cause);
    }
}
