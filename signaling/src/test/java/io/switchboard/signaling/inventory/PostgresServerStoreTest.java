package io.switchboard.signaling.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.cluster.ServerRecord;
import io.switchboard.common.cluster.ServerType;
import io.switchboard.signaling.directory.Database;
import io.switchboard.signaling.directory.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code servers} table on a real PostgreSQL server (the migration's SQL, the unique name).
 * `.ci/run` starts one and sets SWITCHBOARD_TEST_POSTGRES_URL (plus _USER/_PASSWORD).
 */
class PostgresServerStoreTest {
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
    void serversRoundTripAndKeepTheirNamesUniqueOnPostgres() {
        ServerStore store = new ServerStore(database);
        ServerRecord media = new ServerRecord("media-server-1", ServerType.MEDIA, "192.168.1.21", "203.0.113.21", 5000, true, false);
        assertThat(store.insert(media)).isTrue();
        assertThat(store.insert(new ServerRecord("pbx01-ivr", ServerType.IVR, "127.0.0.1", "", 500, true, true))).isTrue();
        assertThat(store.find("media-server-1")).contains(media);
        assertThat(store.insert(new ServerRecord("media-server-1", ServerType.QUEUE, "192.168.1.40", "", 10, true, false))).isFalse();
        assertThat(store.update(media.withEnabled(false))).isTrue();
        assertThat(store.find("media-server-1").orElseThrow().enabled()).isFalse();
        assertThat(store.all()).extracting(ServerRecord::name).containsExactly("media-server-1", "pbx01-ivr");
        assertThat(store.find("pbx01-ivr").orElseThrow().isDefault()).isTrue();
        assertThat(store.delete("pbx01-ivr")).isTrue();
        assertThat(store.delete("pbx01-ivr")).isFalse();
    }
}
