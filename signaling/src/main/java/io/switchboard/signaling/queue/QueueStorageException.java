package io.switchboard.signaling.queue;

import java.sql.SQLException;

/** The queue table could not be read or written; the message says what we were doing, the cause what went wrong. */
public final class QueueStorageException extends RuntimeException {

    public QueueStorageException(String action, SQLException cause) {
        super("queue database: " + action + " failed: " + cause.getMessage(), cause);
    }
}
