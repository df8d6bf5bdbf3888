package io.switchboard.signaling.directory;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.switchboard.signaling.auth.DigestAlgorithm;
import io.switchboard.signaling.directory.UserDirectoryException.Reason;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserDirectoryTest {

    Path dataDir;
    DirectoryCluster cluster;
    UserDirectory first;
    UserDirectory second;
    /** A third member whose directory knows the IVR demo holds 8000. */
    UserDirectory withIvr;

    @BeforeAll
    void startTwoMembers(@TempDir Path dir) {
        dataDir = dir;
        cluster = new DirectoryCluster(dataDir);
        first = cluster.newMemberDirectory();
        second = cluster.newMemberDirectory();
        withIvr = cluster.newMemberDirectory(n -> n.equals("8000") ? Optional.of("the number of the IVR application 'demo'")
                : Optional.empty());
        await().atMost(60, SECONDS).until(() -> cluster.members().get(0).getCluster().getMembers().size() == 3);
    }

    @Test
    void anExtensionHeldByAnIvrNumberIsRefusedNamingTheApplication() {
        assertThatThrownBy(() -> withIvr.create("8000", "Shadow-8000-Kq7z", "Shadow"))
                .isInstanceOf(UserDirectoryException.class)
                .hasMessageContaining("IVR application 'demo'")
                .satisfies(e -> assertThat(((UserDirectoryException) e).field()).isEqualTo("extension"));
        ImportReport report = withIvr.importCsv(new java.io.ByteArrayInputStream(
                "8000,Kq7-vault-Rx9z,Shadow\n8001,Kq7-vault-Rx9z,Fine\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(report.imported()).isEqualTo(1);
        assertThat(report.errors()).singleElement().asString().contains("line 1", "IVR application 'demo'");
    }

    @Test
    void credentialCacheLoadsEveryUserAtStartAndFollowsChangesMadeOnAnyMember() {
        cluster.store().upsert(SipUser.withPassword("3001", DirectoryCluster.REALM, "Cache-3001-Tq8v", "Stored", true,
                java.time.Instant.now()));
        first.create("3002", "Cache-3002-Tq8v", "Created");
        CredentialCache cache = CredentialCache.load(cluster.members().get(1), second, cluster.store(), 1000);
        try {
            assertThat(cache.find("3001")).as("loaded in bulk: answered at once, no directory read").isDone();
            assertThat(cache.find("3002").join()).map(SipUser::displayName).contains("Created");

            first.update("3001", Optional.of("Changed-3001-Wx5p"), Optional.empty(), Optional.empty());
            await().atMost(10, SECONDS).until(() -> cache.find("3001").join().map(SipUser::ha1Md5)
                    .equals(Optional.of(DigestAlgorithm.MD5.ha1("3001", DirectoryCluster.REALM, "Changed-3001-Wx5p"))));

            first.importCsv(new java.io.ByteArrayInputStream(
                    "3002,Imported-3002-Zr4k,Imported\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            await().atMost(10, SECONDS).until(() -> cache.find("3002").join().map(SipUser::ha1Md5)
                    .equals(Optional.of(DigestAlgorithm.MD5.ha1("3002", DirectoryCluster.REALM, "Imported-3002-Zr4k"))));

            first.delete("3001");
            await().atMost(10, SECONDS).until(() -> cache.find("3001").join().isEmpty());
        } finally {
            cache.close();
        }
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void createdUserIsFoundAndStoresHa1NotThePassword_rfc7616_3_4_2() {
        SipUser created = first.create("1001", "s3cret-Mnq8-hx", "Alice");

        SipUser found = first.find("1001").orElseThrow();
        assertThat(found).isEqualTo(created);
        assertThat(found.displayName()).isEqualTo("Alice");
        assertThat(found.enabled()).isTrue();
        assertThat(found.realm()).isEqualTo(DirectoryCluster.REALM);
        assertThat(found.ha1Md5()).isEqualTo(DigestAlgorithm.MD5.ha1("1001", DirectoryCluster.REALM, "s3cret-Mnq8-hx"));
        assertThat(found.ha1Sha256()).isEqualTo(DigestAlgorithm.SHA_256.ha1("1001", DirectoryCluster.REALM, "s3cret-Mnq8-hx"));
        SipUser row = cluster.store().find("1001").orElseThrow();
        assertThat(row).isEqualTo(created);
        assertThat(row.toString()).doesNotContain("s3cret-Mnq8-hx");
    }

    @Test
    void createFailsWhenTheExtensionExistsEvenIfNotCached() {
        first.create("1002", "Kq7-vault-Rx9z", "");
        cluster.members().get(0).getMap(UserDirectory.MAP_NAME).evictAll();

        assertThatThrownBy(() -> second.create("1002", "other-Wd5k-Lm2q", "Mallory"))
                .isInstanceOfSatisfying(UserDirectoryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_EXISTS));
        assertThat(first.find("1002").orElseThrow().ha1Md5())
                .isEqualTo(DigestAlgorithm.MD5.ha1("1002", DirectoryCluster.REALM, "Kq7-vault-Rx9z"));
    }

    @Test
    void invalidInputIsRefusedNamingTheField() {
        assertThatThrownBy(() -> first.create("a b", "Kq7-vault-Rx9z", ""))
                .isInstanceOfSatisfying(UserDirectoryException.class, e -> {
                    assertThat(e.field()).isEqualTo("extension");
                    assertThat(e.getMessage()).isEqualTo("extension 'a b' has a space");
                });
        assertThatThrownBy(() -> first.create("1003", "", ""))
                .isInstanceOfSatisfying(UserDirectoryException.class, e -> assertThat(e.field()).isEqualTo("password"));
        assertThatThrownBy(() -> first.create("1003", "Kq7-vault-Rx9z", "Bob \"the\" Builder"))
                .isInstanceOfSatisfying(UserDirectoryException.class, e -> assertThat(e.field()).isEqualTo("displayName"));
        assertThat(first.find("1003")).isEmpty();
    }

    @Test
    void aGuessablePasswordIsRefusedOnCreateUpdateAndImportWithTheRule() {
        assertThatThrownBy(() -> first.create("1020", "secret1020", "Gina"))
                .isInstanceOfSatisfying(UserDirectoryException.class, e -> {
                    assertThat(e.field()).isEqualTo("password");
                    assertThat(e.getMessage()).startsWith("password is too easy to guess").contains("auth.password-min-strength");
                });
        assertThat(first.find("1020")).isEmpty();
        first.create("1021", "Kq7-vault-Rx9z", "Hank");
        assertThatThrownBy(() -> first.update("1021", Optional.of("hank1021"), Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(UserDirectoryException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("password has 8 characters, at least 10 needed (auth.password-min-length)"));
        ImportReport report = first.importCsv(new java.io.ByteArrayInputStream(
                "1022,Kq7-vault-Rx9z,Ivy\n1023,password123,Jack\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(report.imported()).isEqualTo(1);
        assertThat(report.errors()).singleElement().asString().startsWith("line 2: password is too easy to guess");
        assertThat(first.find("1023")).isEmpty();
    }

    @Test
    void updateChangesOnlyWhatIsGivenAndKeepsCreatedAt() {
        SipUser created = first.create("1004", "old-Pq8r-Zt3w", "Carol");

        SipUser updated = first.update("1004", Optional.of("new-Wd5k-Lm2q"), Optional.empty(), Optional.of(false));

        assertThat(updated.displayName()).isEqualTo("Carol");
        assertThat(updated.enabled()).isFalse();
        assertThat(updated.createdAt()).isEqualTo(created.createdAt());
        assertThat(updated.ha1Md5()).isEqualTo(DigestAlgorithm.MD5.ha1("1004", DirectoryCluster.REALM, "new-Wd5k-Lm2q"));
        assertThat(cluster.store().find("1004").orElseThrow()).isEqualTo(updated);
    }

    @Test
    void updateOfAnUncachedUserOnAnotherMemberReadsItThrough() {
        first.create("1008", "Kq7-vault-Rx9z", "Frank");
        cluster.members().get(0).getMap(UserDirectory.MAP_NAME).evictAll();

        SipUser updated = second.update("1008", Optional.empty(), Optional.of("Francis"), Optional.empty());

        assertThat(updated.displayName()).isEqualTo("Francis");
        assertThat(cluster.store().find("1008").orElseThrow().displayName()).isEqualTo("Francis");
        assertThat(updated.ha1Md5()).isEqualTo(DigestAlgorithm.MD5.ha1("1008", DirectoryCluster.REALM, "Kq7-vault-Rx9z"));
    }

    @Test
    void updateOfUnknownUserIsNotFound() {
        assertThatThrownBy(() -> first.update("9999", Optional.of("Kq7-vault-Rx9z"), Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(UserDirectoryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    }

    @Test
    void deleteRemovesFromMapAndDatabase() {
        first.create("1005", "Kq7-vault-Rx9z", "");
        cluster.members().get(0).getMap(UserDirectory.MAP_NAME).evictAll();

        assertThat(second.delete("1005")).isTrue();

        assertThat(first.find("1005")).isEmpty();
        assertThat(cluster.store().find("1005")).isEmpty();
        assertThat(first.delete("1005")).isFalse();
    }

    @Test
    void changeOnOneMemberIsSeenByTheOtherMembersDirectory() {
        first.create("1006", "Kq7-vault-Rx9z", "Dave");
        assertThat(second.find("1006").orElseThrow().displayName()).isEqualTo("Dave");

        first.update("1006", Optional.empty(), Optional.of("David"), Optional.empty());
        await().atMost(15, SECONDS).until(() -> second.find("1006").orElseThrow().displayName().equals("David"));

        second.delete("1006");
        await().atMost(15, SECONDS).until(() -> first.find("1006").isEmpty());
    }

    @Test
    void userWrittenToTheDatabaseIsReadThroughOnDemand() {
        SipUser direct = SipUser.withPassword("1007", DirectoryCluster.REALM, "Kq7-vault-Rx9z", "Eve", true,
                java.time.Instant.ofEpochMilli(1_700_000_000_000L));
        cluster.store().upsert(direct);

        assertThat(second.find("1007")).contains(direct);
    }

    @Test
    void pageIsOrderedByExtensionAndCountsAll() {
        for (int i = 0; i < 5; i++) {
            first.create("page-" + i, "Kq7-vault-Rx9z", "");
        }
        long total = first.count();

        Page<SipUser> page = first.page(0, 1000);
        assertThat(page.total()).isEqualTo(total);
        assertThat(page.items()).extracting(SipUser::extension).isSorted();
        assertThat(page.items()).extracting(SipUser::extension)
                .contains("page-0", "page-1", "page-2", "page-3", "page-4");
        Page<SipUser> two = first.page(1, 2);
        assertThat(two.items()).hasSize(2);
        assertThat(two.items().get(0)).isEqualTo(page.items().get(1));
    }

    @Test
    void searchMatchesExtensionPrefixOrNamePartAndPagesByKey() {
        first.create("77001", "Kq7-vault-Rx9z", "Alice Mercer");
        first.create("77002", "Kq7-vault-Rx9z", "Bob Stone");
        first.create("77003", "Kq7-vault-Rx9z", "Carol Alison");
        first.create("78001", "Kq7-vault-Rx9z", "Dave");

        Page<SipUser> prefix = first.search("770", null, 2);
        assertThat(prefix.total()).isEqualTo(3);
        assertThat(prefix.items()).extracting(SipUser::extension).containsExactly("77001", "77002");
        Page<SipUser> next = first.search("770", "77002", 2);
        assertThat(next.items()).extracting(SipUser::extension).as("the page after 77002").containsExactly("77003");
        assertThat(first.search("ALI", null, 10).items()).extracting(SipUser::extension)
                .as("case-insensitive start of a name").containsExactly("77001");
        assertThat(first.search("carol al", null, 10).items()).extracting(SipUser::extension).containsExactly("77003");
        assertThat(first.search("a%", null, 10).items()).as("% is a character, not a wildcard").isEmpty();
        first.update("77002", java.util.Optional.empty(), java.util.Optional.of("Alan Stone"), java.util.Optional.empty());
        assertThat(first.search("al", null, 10).items()).extracting(SipUser::extension)
                .as("a renamed user is found by the new name").containsExactly("77001", "77002");
    }

    @Test
    void migrationsRerunAreNoOps() {
        assertThat(new SchemaMigrations(cluster.database().dataSource()).migrate()).isZero();
        try (Database again = Database.open(DirectoryCluster.jdbcUrl(dataDir), "sa", "")) {
            assertThat(new SchemaMigrations(again.dataSource()).migrate()).isZero();
        }
    }
}
