-- Conference rooms: the database is the record, the Hazelcast map "rooms" how every node sees them
-- (RoomDirectory publishes each stored room at start and after every change). A room is keyed by the
-- number callers dial; its settings are columns, as few and as fixed as RoomDefinition's. Empty pin
-- or moderator_pin means none. Plain SQL that H2 2.x and PostgreSQL both accept.
CREATE TABLE rooms (
    number              VARCHAR(15)              NOT NULL PRIMARY KEY,
    name                VARCHAR(64)              NOT NULL,
    pin                 VARCHAR(16)              NOT NULL DEFAULT '',
    moderator_pin       VARCHAR(16)              NOT NULL DEFAULT '',
    max_participants    INT                      NOT NULL,
    wait_for_moderator  BOOLEAN                  NOT NULL DEFAULT FALSE,
    record              BOOLEAN                  NOT NULL DEFAULT FALSE,
    announce_join_leave BOOLEAN                  NOT NULL DEFAULT FALSE,
    talkers             INT                      NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
