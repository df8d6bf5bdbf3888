package io.switchboard.signaling.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.common.queue.QueueDefinition;
import io.switchboard.signaling.directory.Database;
import io.switchboard.signaling.directory.PostgresTestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code queues} table on a real PostgreSQL server (the migration's SQL, the row lock, the
 * unique number). `.ci/run` starts one and sets SWITCHBOARD_TEST_POSTGRES_URL (plus _USER/_PASSWORD).
 */
class PostgresQueueStoreTest {
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
    void queuesRoundTripAndKeepTheirNamesAndNumbersUniqueOnPostgres() {
        QueueStore store = new QueueStore(database);
        assertThat(store.insert(QueueStoreTest.support())).isTrue();
        assertThat(store.insert(QueueDefinition.defaults("sales", "7001"))).isTrue();

        assertThat(store.find("support")).contains(QueueStoreTest.support());
        assertThat(store.findByNumber("7001").orElseThrow().name()).isEqualTo("sales");
        assertThat(store.insert(QueueDefinition.defaults("support", "7002"))).isFalse();
        assertThat(store.insert(QueueDefinition.defaults("other", "7000"))).isFalse();
        assertThat(store.modify("support", q -> q.withMembers(List.of()))).hasValueSatisfying(q -> assertThat(q.members()).isEmpty());
        assertThatThrownBy(() -> store.modify("sales", q -> QueueDefinition.defaults("sales", "7000")))
                .isInstanceOfSatisfying(QueueDirectoryException.class, e -> assertThat(e.field()).isEqualTo("number"));
        assertThat(store.all()).extracting(QueueDefinition::name).containsExactly("sales", "support");
        assertThat(store.delete("sales")).isTrue();
    }
}
