-- Inbound numbers (DIDs) from the trunks: the number a provider sends a call for, and the number it
-- reaches here (an extension, or a queue, IVR or room number). Plain SQL for H2 2.x and PostgreSQL.
CREATE TABLE dids (
    number       VARCHAR(32)              NOT NULL PRIMARY KEY,
    destination  VARCHAR(32)              NOT NULL,
    description  VARCHAR(128)             NOT NULL DEFAULT '',
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
