-- A lower-cased copy of each user's display name, indexed, so the name search of the API and the portal
-- (case-insensitive "starts with") is an index range over 1,000,000 users, not a scan. Every insert and
-- update writes it with display_name (SqlDialect's upsert). Plain SQL that H2 2.x and PostgreSQL both accept.
ALTER TABLE users ADD COLUMN name_key VARCHAR(128) NOT NULL DEFAULT '';
UPDATE users SET name_key = LOWER(display_name);
CREATE INDEX users_name_key ON users (name_key, extension);
