package io.switchboard.signaling.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.cluster.ClusterMember;
import io.switchboard.common.cluster.ClusterSettings;
import io.switchboard.signaling.auth.DigestAlgorithm;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The user directory on a real PostgreSQL server. `.ci/run` starts one and sets
 * SWITCHBOARD_TEST_POSTGRES_URL (plus _USER/_PASSWORD); without it there is no server to test against.
 */
class PostgresDirectoryTest {
    private Database database;
    private HazelcastInstance hz;

    @BeforeEach
    void freshSchema() throws Exception {
        database = PostgresTestDatabase.fresh();
    }

    @AfterEach
    void close() {
        if (hz != null) {
            hz.shutdown();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void schemaIsCreatedOnceAndReopeningIsANoOp() {
        assertThat(database.dialect()).isEqualTo(SqlDialect.fromJdbcUrl(PostgresTestDatabase.URL));
        try (Database again = Database.open(PostgresTestDatabase.URL, PostgresTestDatabase.USER, PostgresTestDatabase.PASSWORD)) {
            assertThat(new UserStore(again).count()).isZero();
        }
    }

    @Test
    void directoryStoresHa1OnlyAndImportsUpsertOnPostgres() {
        UserStore store = new UserStore(database);
        hz = ClusterMember.start(new ClusterSettings("pg-" + UUID.randomUUID(), "127.0.0.1", 5921,
                List.of("127.0.0.1:5921"), Duration.ofSeconds(1), Duration.ofSeconds(5)), "pg-test",
                config -> UserDirectory.configure(config, store));
        UserDirectory directory = new UserDirectory(hz, store, "switchboard");
        directory.create("1001", "Alice-Hq8z-1001", "Alice");
        SipUser alice = store.find("1001").orElseThrow();
        assertThat(alice.ha1Md5()).isEqualTo(DigestAlgorithm.MD5.ha1("1001", "switchboard", "Alice-Hq8z-1001"));
        assertThat(alice.ha1Sha256()).isEqualTo(DigestAlgorithm.SHA_256.ha1("1001", "switchboard", "Alice-Hq8z-1001"));

        StringBuilder csv = new StringBuilder("extension,password,display_name\n");
        for (int i = 0; i < 3000; i++) {
            csv.append(2000 + i).append(",Gx7q-").append(i).append("-vZr4,User ").append(i).append('\n');
        }
        csv.append("1001,Brass-Otter-71-Q,Alice B\n");
        ImportReport report = directory.importCsv(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(report.imported()).isEqualTo(3001);
        assertThat(report.failed()).isZero();
        assertThat(directory.count()).isEqualTo(3001);
        assertThat(directory.find("1001")).map(SipUser::ha1Md5)
                .contains(DigestAlgorithm.MD5.ha1("1001", "switchboard", "Brass-Otter-71-Q"));
        assertThat(directory.page(0, 5).items()).extracting(SipUser::extension).containsExactly("1001", "2000", "2001", "2002", "2003");
        assertThat(directory.update("2000", Optional.empty(), Optional.empty(), Optional.of(false)).enabled()).isFalse();
        assertThat(directory.delete("2001")).isTrue();
        assertThat(store.find("2001")).isEmpty();
        // Search on PostgreSQL: an extension prefix, a name start (name_key written by the import's upsert too).
        assertThat(directory.search("100", null, 10).items()).extracting(SipUser::extension).containsExactly("1001");
        assertThat(directory.search("alice b", null, 10).items()).extracting(SipUser::extension).containsExactly("1001");
        assertThat(directory.search("user 29", null, 3).total()).isEqualTo(111);
    }
}
