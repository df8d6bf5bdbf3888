package io.switchboard.signaling.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.meeting.RoomDefinition;
import io.switchboard.signaling.directory.Database;
import io.switchboard.signaling.directory.DirectoryCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code rooms} table on a real H2 file database, migrated as at start-up. */
class RoomStoreTest {
    private Database database;
    private RoomStore store;

    @BeforeEach
    void open(@TempDir Path dataDir) {
        DirectoryCluster.quietLogs();
        database = Database.open(DirectoryCluster.jdbcUrl(dataDir), "sa", "");
        store = new RoomStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** Every field away from its default. */
    static RoomDefinition board() {
        return new RoomDefinition("9000", "Board meeting", "1234", "9876", 25, true, true, true, 5);
    }

    @Test
    void aRoomRoundTripsWithEveryField() {
        assertThat(store.insert(board())).isTrue();

        assertThat(store.find("9000")).contains(board());
        assertThat(store.all()).containsExactly(board());
        assertThat(store.find("9001")).isEmpty();
    }

    @Test
    void aTakenNumberIsNotInserted() {
        store.insert(board());

        assertThat(store.insert(RoomDefinition.of("9000", "Other"))).isFalse();
        assertThat(store.all()).containsExactly(board());
    }

    @Test
    void allIsOrderedByNumber() {
        store.insert(RoomDefinition.of("9002", "Zeta"));
        store.insert(RoomDefinition.of("9001", "Alpha"));

        assertThat(store.all()).extracting(RoomDefinition::number).containsExactly("9001", "9002");
    }

    @Test
    void updateReplacesEverySettingAndSaysWhetherThereWasSuchARoom() {
        store.insert(board());

        RoomDefinition plain = RoomDefinition.of("9000", "Plain");
        assertThat(store.update(plain)).isTrue();
        assertThat(store.find("9000")).contains(plain);
        assertThat(store.update(RoomDefinition.of("9009", "Nowhere"))).isFalse();
        assertThat(store.find("9009")).isEmpty();
    }

    @Test
    void deleteSaysWhetherThereWasSuchARoom() {
        store.insert(board());

        assertThat(store.delete("9000")).isTrue();
        assertThat(store.delete("9000")).isFalse();
        assertThat(store.all()).isEmpty();
    }
}
