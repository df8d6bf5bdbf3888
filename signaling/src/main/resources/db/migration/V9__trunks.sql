-- SIP trunks: a registration trunk registers to its provider with a username and password (kept as
-- given: outbound digest needs the password itself, so the API never returns it); an IP trunk is
-- trusted by its addresses. Plain SQL that H2 2.x and PostgreSQL both accept.
CREATE TABLE trunks (
    name             VARCHAR(64)              NOT NULL PRIMARY KEY,
    kind             VARCHAR(16)              NOT NULL,
    host             VARCHAR(255)             NOT NULL,
    port             INT                      NOT NULL,
    transport        VARCHAR(8)               NOT NULL,
    username         VARCHAR(128)             NOT NULL DEFAULT '',
    password         VARCHAR(256)             NOT NULL DEFAULT '',
    domain           VARCHAR(255)             NOT NULL DEFAULT '',
    addresses        VARCHAR(1024)            NOT NULL DEFAULT '',
    max_channels     INT                      NOT NULL,
    register_expires INT                      NOT NULL,
    inbound_destination VARCHAR(32)           NOT NULL DEFAULT '',
    keepalive_seconds INT                     NOT NULL DEFAULT 0,
    caller_id        VARCHAR(32)              NOT NULL DEFAULT '',
    enabled          BOOLEAN                  NOT NULL DEFAULT TRUE,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
