-- The server inventory: the worker servers (media, queue, meeting, IVR) the operator added by name.
-- The database is the record; the Hazelcast map "servers" is how every node sees it (ServerDirectory
-- publishes each stored row at start and after every change). A node heartbeating under a name not
-- here is shown as unknown and given no work. Plain SQL that H2 2.x and PostgreSQL both accept.
CREATE TABLE servers (
    name            VARCHAR(64)              NOT NULL PRIMARY KEY,
    type            VARCHAR(16)              NOT NULL,
    private_address VARCHAR(45)              NOT NULL,
    public_address  VARCHAR(45)              NOT NULL DEFAULT '',
    max_sessions    INT                      NOT NULL,
    enabled         BOOLEAN                  NOT NULL DEFAULT TRUE,
    is_default      BOOLEAN                  NOT NULL DEFAULT FALSE,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
