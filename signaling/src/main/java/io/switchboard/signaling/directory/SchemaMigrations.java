package io.switchboard.signaling.directory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned scripts listed in {@code db/migration/migrations.txt} in order, each once,
 * recording it in {@code schema_version}; a second run applies nothing. Scripts are split on a
 * {@code ;} at the end of a line, so a statement must not end a line inside a string literal.
 */
public final class SchemaMigrations {

    private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);
    private static final String INDEX = "db/migration/migrations.txt";
    private static final Pattern SCRIPT_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    private final DataSource dataSource;

    public SchemaMigrations(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Applies what is pending and returns how many scripts that was. */
    public int migrate() {
        try (Connection c = dataSource.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL PRIMARY KEY, "
                        + "description VARCHAR(200) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            }
            int current = currentVersion(c);
            int applied = 0;
            for (String script : readIndex()) {
                Matcher m = SCRIPT_NAME.matcher(script);
                if (!m.matches()) {
                    throw new IllegalStateException(INDEX + ": '" + script + "' is not named V<version>__<description>.sql");
                }
                int version = Integer.parseInt(m.group(1));
                if (version > current) {
                    apply(c, version, m.group(2), readResource("db/migration/" + script));
                    current = version;
                    applied++;
                }
            }
            return applied;
        } catch (SQLException e) {
            throw new IllegalStateException("database migration failed: " + e.getMessage(), e);
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** One transaction per script: PostgreSQL rolls back a half-applied script; H2 commits DDL as it goes. */
    private static void apply(Connection c, int version, String description, String sql) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                for (String statement : statements(sql)) {
                    s.execute(statement);
                }
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                p.setInt(1, version);
                p.setString(2, description);
                p.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                p.executeUpdate();
            }
            c.commit();
            log.info("applied database migration V{} {}", version, description);
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("V" + version + "__" + description + ": " + e.getMessage(), e.getSQLState(), e);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static List<String> readIndex() {
        List<String> scripts = new ArrayList<>();
        for (String line : readResource(INDEX).split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                scripts.add(trimmed);
            }
        }
        return scripts;
    }

    private static String readResource(String name) {
        InputStream in = SchemaMigrations.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing resource " + name);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            StringBuilder b = new StringBuilder();
            r.lines().forEach(l -> b.append(l).append('\n'));
            return b.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(name, e);
        }
    }
}
