package io.switchboard.signaling.directory;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The real PostgreSQL server the PostgreSQL tests run against: `.ci/run` starts one and sets
 * SWITCHBOARD_TEST_POSTGRES_URL (plus _USER/_PASSWORD). Without it a test is skipped, or fails under
 * {@code ./switchboard test} (SWITCHBOARD_TEST_REQUIRE_TOOLS=1).
 */
public final class PostgresTestDatabase {
    public static final String URL = System.getenv("SWITCHBOARD_TEST_POSTGRES_URL");
    public static final String USER = System.getenv().getOrDefault("SWITCHBOARD_TEST_POSTGRES_USER", "switchboard");
    public static final String PASSWORD = System.getenv().getOrDefault("SWITCHBOARD_TEST_POSTGRES_PASSWORD", "switchboard");
    /** Every table the migrations create, dependants first. */
    private static final String[] TABLES = {"ring_groups", "user_features", "routes", "dids", "trunks", "servers", "rooms", "queue_calls", "queues", "cdrs", "users", "schema_version"};

    private PostgresTestDatabase() {
    }

    /** An empty schema with the migrations applied, or the test is skipped (or failed) when there is no server. */
    public static Database fresh() throws SQLException {
        boolean configured = URL != null && !URL.isBlank();
        String why = "SWITCHBOARD_TEST_POSTGRES_URL not set: no PostgreSQL server to test against (./switchboard test sets one up)";
        org.junit.jupiter.api.Assertions.assertTrue(configured || !"1".equals(System.getenv("SWITCHBOARD_TEST_REQUIRE_TOOLS")), why);
        assumeTrue(configured, why);
        // Plain JDBC: opening a Database would already run the migrations against what is there.
        try (Connection c = java.sql.DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        }
        return Database.open(URL, USER, PASSWORD);
    }
}
