-- Call queues: the database is the record, the Hazelcast map "queues" how every node sees them
-- (QueueDirectory publishes each stored queue at start and after every change). The whole
-- definition, agents included, is one JSON document, so a new queue setting needs no migration;
-- name and number are columns as well, for their uniqueness. Plain SQL that H2 2.x and PostgreSQL
-- both accept (TEXT is a CLOB in H2).
CREATE TABLE queues (
    name       VARCHAR(64)              NOT NULL PRIMARY KEY,
    number     VARCHAR(15)              NOT NULL UNIQUE,
    definition TEXT                     NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
