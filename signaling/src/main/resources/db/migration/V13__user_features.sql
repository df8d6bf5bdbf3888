-- Per-user call features: do not disturb and call forwarding (always, on busy, on no answer after
-- no_answer_seconds, when unregistered), each to a number of this PBX or one the outbound routes take.
-- Plain SQL for H2 2.x and PostgreSQL.
CREATE TABLE user_features (
    extension            VARCHAR(32)              NOT NULL PRIMARY KEY,
    dnd                  BOOLEAN                  NOT NULL DEFAULT FALSE,
    forward_always       VARCHAR(32)              NOT NULL DEFAULT '',
    forward_busy         VARCHAR(32)              NOT NULL DEFAULT '',
    forward_no_answer    VARCHAR(32)              NOT NULL DEFAULT '',
    forward_unregistered VARCHAR(32)              NOT NULL DEFAULT '',
    no_answer_seconds    INT                      NOT NULL DEFAULT 0,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL
);
