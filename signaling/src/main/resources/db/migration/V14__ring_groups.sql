-- Ring groups: a number ringing its member extensions all at once, in order or round robin, each step
-- for ring_seconds, then the fall-through number ('' for none). members is a comma-separated list.
-- Plain SQL for H2 2.x and PostgreSQL.
CREATE TABLE ring_groups (
    name         VARCHAR(32)              NOT NULL PRIMARY KEY,
    number       VARCHAR(32)              NOT NULL UNIQUE,
    strategy     VARCHAR(16)              NOT NULL,
    members      VARCHAR(2048)            NOT NULL,
    ring_seconds INT                      NOT NULL,
    fallthrough  VARCHAR(32)              NOT NULL DEFAULT '',
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
