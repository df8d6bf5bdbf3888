-- Queue call records: one row per caller who reached a queue, written by the queue node that hosted
-- the queue when the caller left the line and stored by signaling (the queue-calls cluster queue).
-- outcome: answered, abandoned, timeout, full, empty, exit-key, callback-given-up, transferred,
-- shutdown. call_id is the caller's call in cdrs.call_id; agent_call_id the call in which the agent
-- talked to the caller (the caller's own call, or for a callback the call placed to the caller), so
-- the agent's side is the cdrs row with that call_id. Times are UTC. Plain SQL for H2 2.x and PostgreSQL.
CREATE TABLE queue_calls (
    id            VARCHAR(36)              NOT NULL PRIMARY KEY,
    queue_name    VARCHAR(64)              NOT NULL,
    caller        VARCHAR(64)              NOT NULL,
    joined_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    wait_ms       BIGINT                   NOT NULL,
    outcome       VARCHAR(32)              NOT NULL,
    agent         VARCHAR(32)              NOT NULL DEFAULT '',
    destination   VARCHAR(32)              NOT NULL DEFAULT '',
    callback      BOOLEAN                  NOT NULL DEFAULT FALSE,
    call_id       VARCHAR(255)             NOT NULL,
    agent_call_id VARCHAR(255)             NOT NULL DEFAULT '',
    node          VARCHAR(64)              NOT NULL DEFAULT ''
);
CREATE INDEX queue_calls_queue_ended ON queue_calls (queue_name, ended_at);
CREATE INDEX queue_calls_call_id ON queue_calls (call_id);
-- A queue record finds its CDRs by call id.
CREATE INDEX cdrs_call_id ON cdrs (call_id);
