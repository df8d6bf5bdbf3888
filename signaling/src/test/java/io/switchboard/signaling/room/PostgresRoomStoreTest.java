package io.switchboard.signaling.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.meeting.RoomDefinition;
import io.switchboard.signaling.directory.Database;
import io.switchboard.signaling.directory.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code rooms} table on a real PostgreSQL server (the migration's SQL, the unique number).
 * `.ci/run` starts one and sets SWITCHBOARD_TEST_POSTGRES_URL (plus _USER/_PASSWORD).
 */
class PostgresRoomStoreTest {
    private Database database;

    @BeforeEach
    void freshSchema() throws Exception {
        database = PostgresTestDatabase.fresh();
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
