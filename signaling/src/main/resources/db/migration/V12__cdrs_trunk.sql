-- The trunk a call came in or went out by, and the number sent to the provider (the callee column
-- keeps the number dialled). Empty for calls between extensions. Plain SQL for H2 2.x and PostgreSQL.
ALTER TABLE cdrs ADD COLUMN trunk VARCHAR(64) DEFAULT '' NOT NULL;
ALTER TABLE cdrs ADD COLUMN sent_number VARCHAR(64) DEFAULT '' NOT NULL;
