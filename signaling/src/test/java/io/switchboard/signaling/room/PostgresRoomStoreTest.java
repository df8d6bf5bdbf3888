package io.switchboard.signaling.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.common.meeting.RoomDefinition;
import io.switchboard.signaling.directory.Database;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code rooms} table on a real PostgreSQL server (the migration's SQL, the unique number).
 * `.ci/run` starts one and sets SWITCHBOARD_TEST_POSTGRES_URL (plus _USER/_PASSWORD).
 */
class PostgresRoomStoreTest {
    private static final String URL = System.getenv("SWITCHBOARD_TEST_POSTGRES_URL");
    private Database database;

    @BeforeEach
    void freshSchema() throws Exception {
        boolean configured = URL != null && !URL.isBlank();
        String why = "SWITCHBOARD_TEST_POSTGRES_URL not set: no PostgreSQL server to test against (./switchboard test sets one up)";
        org.junit.jupiter.api.Assertions.assertTrue(configured || !"1".equals(System.getenv("SWITCHBOARD_TEST_REQUIRE_TOOLS")), why);
        assumeTrue(configured, why);
        String user = System.getenv().getOrDefault("SWITCHBOARD_TEST_POSTGRES_USER", "switchboard");
        String password = System.getenv().getOrDefault("SWITCHBOARD_TEST_POSTGRES_PASSWORD", "switchboard");
        try (Connection c = java.sql.DriverManager.getConnection(URL, user, password); Statement s = c.createStatement()) {
            for (String table : new String[] {"servers", "rooms", "queue_calls", "queues", "cdrs", "users", "schema_version"}) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        }
        database = Database.open(URL, user, password);
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void roomsRoundTripAndKeepTheirNumbersUniqueOnPostgres() {
        RoomStore store = new RoomStore(database);
        assertThat(store.insert(RoomStoreTest.board())).isTrue();
        assertThat(store.insert(RoomDefinition.of("9001", "Standup"))).isTrue();

        assertThat(store.find("9000")).contains(RoomStoreTest.board());
        assertThat(store.insert(RoomDefinition.of("9000", "Other"))).isFalse();
        assertThat(store.update(RoomDefinition.of("9000", "Plain"))).isTrue();
        assertThat(store.find("9000").orElseThrow().name()).isEqualTo("Plain");
        assertThat(store.all()).extracting(RoomDefinition::number).containsExactly("9000", "9001");
        assertThat(store.delete("9001")).isTrue();
        assertThat(store.delete("9001")).isFalse();
    }
}
