-- Per-user caller ID: the number presented on calls out over a trunk ('' for the trunk's own), and
-- whether the user's calls are anonymous (RFC 3323 From, with P-Asserted-Identity and Privacy: id to the
-- provider). Plain SQL for H2 2.x and PostgreSQL.
ALTER TABLE user_features ADD COLUMN caller_id VARCHAR(32) NOT NULL DEFAULT '';
ALTER TABLE user_features ADD COLUMN withhold_caller_id BOOLEAN NOT NULL DEFAULT FALSE;
