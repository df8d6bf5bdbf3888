package io.switchboard.signaling.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.signaling.directory.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CDRs reach the real (H2) database in batches, none is lost, and a refused row loses only itself. */
class CdrWriterTest {
    @TempDir
    Path dir;
    private Database database;
    private CdrStore store;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeEach
    void open() {
        database = Database.open("jdbc:h2:file:" + dir.resolve("cdrs").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
        store = new CdrStore(database.dataSource());
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    private static Cdr cdr(String id) {
        Instant t = Instant.parse("2026-12-06T10:00:00Z");
        return new Cdr(id, "call-" + id, "1001", "1002", t, t.plusSeconds(1), t.plusSeconds(5), 4000,
                Disposition.ANSWERED, 200, "caller", "media-1");
    }

    private long stored() throws Exception {
        return store.count(CdrFilter.between(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")));
    }

    @Test
    void everyQueuedCdrIsStoredAndClosingFlushesTheRest() throws Exception {
        CdrWriter writer = new CdrWriter(store, metrics);
        for (int i = 0; i < 2 * CdrWriter.BATCH + 7; i++) {
            writer.write(cdr(UUID.randomUUID().toString()));
        }
        writer.close();
        assertThat(stored()).isEqualTo(2 * CdrWriter.BATCH + 7);
        assertThat(metrics.counter("cdr.written").count()).isEqualTo(2 * CdrWriter.BATCH + 7);
        assertThat(metrics.counter("cdr.lost").count()).isZero();
    }

    @Test
    void aRowTheDatabaseRefusesLosesOnlyItself() throws Exception {
        CdrWriter writer = new CdrWriter(store, metrics);
        writer.write(cdr("same-id"));
        await().atMost(Duration.ofSeconds(5)).until(() -> stored() == 1);
        // The same primary key again, among good rows: the batch is refused, then written row by row.
        writer.write(cdr("a"));
        writer.write(cdr("same-id"));
        writer.write(cdr("b"));
        writer.close();
        assertThat(stored()).isEqualTo(3);
        assertThat(metrics.counter("cdr.lost").count()).isEqualTo(1);
    }

    @Test
    void aCdrAfterCloseIsCountedAsLost() {
        CdrWriter writer = new CdrWriter(store, metrics);
        writer.close();
        writer.write(cdr("late"));
        assertThat(metrics.counter("cdr.lost").count()).isEqualTo(1);
    }
}
