-- Outbound routes: numbers matching pattern (a regular expression over the whole dialled number) go out
-- over the listed trunks in order (the next one when a trunk fails or is down); strip and prepend turn
-- the dialled number into the one sent. Emergency routes come first and are open to every caller.
-- Plain SQL for H2 2.x and PostgreSQL.
CREATE TABLE routes (
    name         VARCHAR(64)              NOT NULL PRIMARY KEY,
    priority     INT                      NOT NULL,
    pattern      VARCHAR(256)             NOT NULL,
    strip_digits INT                      NOT NULL DEFAULT 0,
    prepend      VARCHAR(32)              NOT NULL DEFAULT '',
    trunks       VARCHAR(1024)            NOT NULL,
    callers      VARCHAR(256)             NOT NULL DEFAULT '',
    emergency    BOOLEAN                  NOT NULL DEFAULT FALSE,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
