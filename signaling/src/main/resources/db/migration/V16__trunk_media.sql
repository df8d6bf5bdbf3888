-- Per-trunk media: the codecs the provider takes, by encoding name in order of preference ('' for any),
-- and how DTMF crosses the trunk (rfc4733 events, or inband audio). Plain SQL for H2 2.x and PostgreSQL.
ALTER TABLE trunks ADD COLUMN codecs VARCHAR(256) NOT NULL DEFAULT '';
ALTER TABLE trunks ADD COLUMN dtmf_mode VARCHAR(16) NOT NULL DEFAULT 'rfc4733';
