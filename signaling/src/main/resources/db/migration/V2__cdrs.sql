-- Call detail records: one row per call, written when the call ends (RFC-neutral; fields follow
-- what operators bill and debug by). Times are UTC; duration counts from answer to end.
CREATE TABLE cdrs (
    id            VARCHAR(36)              NOT NULL PRIMARY KEY,
    call_id       VARCHAR(255)             NOT NULL,
    caller        VARCHAR(64)              NOT NULL,
    callee        VARCHAR(64)              NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    answered_at   TIMESTAMP WITH TIME ZONE,
    ended_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    duration_ms   BIGINT                   NOT NULL,
    disposition   VARCHAR(16)              NOT NULL,
    sip_status    INT                      NOT NULL,
    ended_by      VARCHAR(16)              NOT NULL,
    media_node    VARCHAR(64)              NOT NULL DEFAULT ''
);
CREATE INDEX cdrs_started_at ON cdrs (started_at);
