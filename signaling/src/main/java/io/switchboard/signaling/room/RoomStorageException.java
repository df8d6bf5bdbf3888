package io.switchboard.signaling.room;

import java.sql.SQLException;

/** The room table could not be read or written; the message says what we were doing, the cause what went wrong. */
public final class RoomStorageException extends RuntimeException {

    public RoomStorageException(String action, SQLException cause) {
        super("room database: " + action + " failed: " + cause.getMessage(), cause);
    }
}
