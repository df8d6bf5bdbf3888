package io.switchboard.signaling.directory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/**
 * The user database: a HikariCP pool over embedded H2 (the all-in-one default, e.g.
 * {@code jdbc:h2:file:/var/lib/switchboard/switchboard;DB_CLOSE_ON_EXIT=FALSE}) or PostgreSQL
 * ({@code jdbc:postgresql://...}), with its schema brought up to date by {@link #open}.
 */
public final class Database implements AutoCloseable {

    /** Enough for the admin API, an import and the MapStore at once; H2 gains nothing from more. */
    private static final int DEFAULT_POOL_SIZE = 8;

    private final HikariDataSource dataSource;
    private final SqlDialect dialect;

    private Database(HikariDataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /** Connects and applies the pending migrations; fails if the database cannot be reached or migrated. */
    public static Database open(String jdbcUrl, String user, String password) {
        SqlDialect dialect = SqlDialect.fromJdbcUrl(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(DEFAULT_POOL_SIZE);
        config.setPoolName("switchboard-db");
        // Fail start-up in seconds, not after Hikari's default 30 s, when the database is down.
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        HikariDataSource dataSource = new HikariDataSource(config);
        Database database = new Database(dataSource, dialect);
        try {
            new SchemaMigrations(dataSource).migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return database;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
