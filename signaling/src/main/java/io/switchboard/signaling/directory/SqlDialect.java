package io.switchboard.signaling.directory;

/** The SQL that differs between the two databases we support; everything else is plain SQL. */
public enum SqlDialect {
    /**
     * Standard MERGE rather than H2's {@code MERGE ... KEY(extension)}, which would overwrite
     * {@code created_at} on every update.
     */
    H2(" enabled = s.enabled,", """
            MERGE INTO users t
            USING (VALUES (CAST(? AS VARCHAR(32)), CAST(? AS VARCHAR(128)), CAST(? AS BOOLEAN),
                           CAST(? AS VARCHAR(255)), CAST(? AS CHAR(32)), CAST(? AS CHAR(64)),
                           CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE)))
                  s(extension, display_name, enabled, realm, ha1_md5, ha1_sha256, created_at, updated_at)
            ON t.extension = s.extension
            WHEN MATCHED THEN UPDATE SET display_name = s.display_name, name_key = LOWER(s.display_name),%ENABLED%
                realm = s.realm, ha1_md5 = s.ha1_md5, ha1_sha256 = s.ha1_sha256, updated_at = s.updated_at
            WHEN NOT MATCHED THEN INSERT (extension, display_name, enabled, realm, ha1_md5, ha1_sha256,
                created_at, updated_at, name_key)
                VALUES (s.extension, s.display_name, s.enabled, s.realm, s.ha1_md5, s.ha1_sha256,
                s.created_at, s.updated_at, LOWER(s.display_name))"""),
    // The parameters feed a typed VALUES row, so name_key can be computed from display_name without binding it twice.
    POSTGRESQL(" enabled = EXCLUDED.enabled,", """
            INSERT INTO users (extension, display_name, enabled, realm, ha1_md5, ha1_sha256, created_at, updated_at, name_key)
            SELECT v.extension, v.display_name, v.enabled, v.realm, v.ha1_md5, v.ha1_sha256, v.created_at, v.updated_at,
                LOWER(v.display_name)
            FROM (VALUES (CAST(? AS VARCHAR(32)), CAST(? AS VARCHAR(128)), CAST(? AS BOOLEAN),
                          CAST(? AS VARCHAR(255)), CAST(? AS CHAR(32)), CAST(? AS CHAR(64)),
                          CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE)))
                 AS v(extension, display_name, enabled, realm, ha1_md5, ha1_sha256, created_at, updated_at)
            ON CONFLICT (extension) DO UPDATE SET display_name = EXCLUDED.display_name, name_key = EXCLUDED.name_key,%ENABLED%
                realm = EXCLUDED.realm, ha1_md5 = EXCLUDED.ha1_md5,
                ha1_sha256 = EXCLUDED.ha1_sha256, updated_at = EXCLUDED.updated_at""");

    private final String upsertUser;
    private final String upsertUserKeepingEnabled;

    SqlDialect(String setEnabled, String upsertTemplate) {
        this.upsertUser = upsertTemplate.replace("%ENABLED%", setEnabled);
        this.upsertUserKeepingEnabled = upsertTemplate.replace("%ENABLED%", "");
    }

    /**
     * Insert or update one user, keeping {@code created_at} of an existing row. Parameters in
     * order: extension, display_name, enabled, realm, ha1_md5, ha1_sha256, created_at, updated_at.
     * With {@code updateEnabled} false an existing row keeps its {@code enabled} flag, so a bulk
     * password reset does not re-enable users an operator disabled.
     */
    public String upsertUser(boolean updateEnabled) {
        return updateEnabled ? upsertUser : upsertUserKeepingEnabled;
    }

    /** Picks the dialect from a JDBC URL; only H2 and PostgreSQL are supported. */
    public static SqlDialect fromJdbcUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        throw new IllegalArgumentException("unsupported database URL '" + jdbcUrl
                + "' (expected jdbc:h2:... or jdbc:postgresql:...)");
    }
}
