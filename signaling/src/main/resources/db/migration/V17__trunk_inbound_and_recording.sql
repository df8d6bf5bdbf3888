-- Per-trunk: whether its calls are recorded, and how the numbers it sends are rewritten before the DID
-- lookup (the first inbound_strip characters dropped, inbound_prepend put in front). Plain SQL for H2 2.x
-- and PostgreSQL.
ALTER TABLE trunks ADD COLUMN record_calls BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE trunks ADD COLUMN inbound_strip INT NOT NULL DEFAULT 0;
ALTER TABLE trunks ADD COLUMN inbound_prepend VARCHAR(32) NOT NULL DEFAULT '';
