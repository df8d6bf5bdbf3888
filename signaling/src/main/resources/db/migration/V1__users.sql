-- Provisioned SIP users. Only HA1 hashes are kept (RFC 7616 §3.4.2), one per digest algorithm,
-- because the phone picks the algorithm and the password itself is never stored.
-- Plain SQL that H2 2.x and PostgreSQL both accept.
CREATE TABLE users (
    extension    VARCHAR(32)              NOT NULL PRIMARY KEY,
    display_name VARCHAR(128)             NOT NULL DEFAULT '',
    enabled      BOOLEAN                  NOT NULL DEFAULT TRUE,
    realm        VARCHAR(255)             NOT NULL,
    ha1_md5      CHAR(32)                 NOT NULL,
    ha1_sha256   CHAR(64)                 NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
