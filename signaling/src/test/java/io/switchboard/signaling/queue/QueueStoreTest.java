package io.switchboard.signaling.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.common.queue.QueueDefinition;
import io.switchboard.common.queue.QueueMember;
import io.switchboard.common.queue.QueueStrategy;
import io.switchboard.signaling.directory.Database;
import io.switchboard.signaling.directory.DirectoryCluster;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code queues} table on a real H2 file database, migrated as at start-up. */
class QueueStoreTest {
    private Database database;
    private QueueStore store;

    @BeforeEach
    void open(@TempDir Path dataDir) {
        DirectoryCluster.quietLogs();
        database = Database.open(DirectoryCluster.jdbcUrl(dataDir), "sa", "");
        store = new QueueStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    static QueueDefinition support() {
        return new QueueDefinition("support", "7000", QueueStrategy.WEIGHTED_RANDOM, 20, 5, 50, 300, false, true, 30,
                "still-waiting", 45, 30, 120, 3, 10, 2, true, "0", "8000", "1001", "1002", "welcome",
                List.of("moh", "jazz"), List.of(new QueueMember("1001", 1, 10), new QueueMember("1002", 2, 1)));
    }

    @Test
    void aQueueRoundTripsWithEveryFieldAndItsAgents() {
        assertThat(store.insert(support())).isTrue();

        assertThat(store.find("support")).contains(support());
        assertThat(store.findByNumber("7000")).contains(support());
        assertThat(store.all()).containsExactly(support());
        assertThat(store.find("sales")).isEmpty();
        assertThat(store.findByNumber("7001")).isEmpty();
    }

    @Test
    void aTakenNameOrNumberIsNotInserted() {
        store.insert(support());

        assertThat(store.insert(QueueDefinition.defaults("support", "7001"))).isFalse();
        assertThat(store.insert(QueueDefinition.defaults("sales", "7000"))).isFalse();
        assertThat(store.all()).containsExactly(support());
    }

    @Test
    void allIsOrderedByName() {
        store.insert(QueueDefinition.defaults("zeta", "7003"));
        store.insert(QueueDefinition.defaults("alpha", "7002"));

        assertThat(store.all()).extracting(QueueDefinition::name).containsExactly("alpha", "zeta");
    }

    @Test
    void modifyWritesWhatTheChangeReturnsNumberIncluded() {
        store.insert(support());

        QueueDefinition renumbered = QueueDefinition.defaults("support", "7100");
        assertThat(store.modify("support", current -> renumbered)).contains(renumbered);

        assertThat(store.find("support")).contains(renumbered);
        assertThat(store.findByNumber("7000")).isEmpty();
        assertThat(store.findByNumber("7100")).contains(renumbered);
        assertThat(store.modify("nowhere", current -> current)).isEmpty();
    }

    @Test
    void aChangeThatThrowsLeavesTheRowAsItWas() {
        store.insert(support());

        assertThatThrownBy(() -> store.modify("support", current -> {
            throw new QueueDirectoryException(QueueDirectoryException.Reason.INVALID, "members", "agent 1009 is not a user");
        })).isInstanceOf(QueueDirectoryException.class);

        assertThat(store.find("support")).contains(support());
        assertThat(store.modify("support", current -> current.withMembers(List.of()))).isPresent();
    }

    @Test
    void aNumberTakenByAnotherQueueIsAConflictOnNumber() {
        store.insert(support());
        store.insert(QueueDefinition.defaults("sales", "7001"));

        assertThatThrownBy(() -> store.modify("sales", current -> QueueDefinition.defaults("sales", "7000")))
                .isInstanceOfSatisfying(QueueDirectoryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(QueueDirectoryException.Reason.CONFLICT);
                    assertThat(e.field()).isEqualTo("number");
                });
        assertThat(store.find("sales").orElseThrow().number()).isEqualTo("7001");
    }

    @Test
    void deleteSaysWhetherThereWasSuchAQueue() {
        store.insert(support());

        assertThat(store.delete("support")).isTrue();
        assertThat(store.delete("support")).isFalse();
        assertThat(store.all()).isEmpty();
    }
}
