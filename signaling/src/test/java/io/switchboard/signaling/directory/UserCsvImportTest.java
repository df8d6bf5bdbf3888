package io.switchboard.signaling.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.signaling.auth.DigestAlgorithm;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserCsvImportTest {

    Path dataDir;
    DirectoryCluster cluster;
    UserDirectory directory;

    @BeforeAll
    void start(@TempDir Path dir) {
        dataDir = dir;
        cluster = new DirectoryCluster(dataDir);
        directory = cluster.newMemberDirectory();
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void goodLinesAreImportedAndEachBadLineIsReportedWithItsNumberAndReason() throws Exception {
        ImportReport report;
        try (InputStream csv = getClass().getResourceAsStream("/csv/users-mixed.csv")) {
            report = directory.importCsv(csv);
        }

        assertThat(report.errors()).containsExactly(
                "line 6: 2 columns, expected 3",
                "line 7: extension 'a b' has a space",
                "line 8: password is empty",
                "line 9: duplicate extension '2001' (first on line 2)",
                "line 10: display name has a double quote",
                "line 11: 4 columns, expected 3",
                "line 12: quoted field is not closed",
                "line 13: extension 'this-extension-is-far-too-long-for-sip' is longer than 32 characters",
                "line 15: extension '20/10' has the character '/' (allowed: 0-9 A-Z a-z . _ - +)",
                "line 16: password is too easy to guess: strength 1 of 4, at least 3 needed (auth.password-min-strength; "
                        + "about 2e+04 guesses). This is similar to a commonly used password. Use 12 or more characters "
                        + "that are not words, names, dates or the extension");
        assertThat(report.failed()).isEqualTo(10);
        assertThat(report.imported()).isEqualTo(4);
        assertThat(directory.find("extension")).isEmpty();
        assertThat(directory.find("2001").orElseThrow().ha1Md5())
                .isEqualTo(DigestAlgorithm.MD5.ha1("2001", DirectoryCluster.REALM, "Pw-2001-Hq8z"));
        SipUser quoted = directory.find("2002").orElseThrow();
        assertThat(quoted.displayName()).isEqualTo("Smith, John");
        assertThat(quoted.ha1Sha256())
                .isEqualTo(DigestAlgorithm.SHA_256.ha1("2002", DirectoryCluster.REALM, "pw,with,commas,Zk4"));
        assertThat(directory.find("2003").orElseThrow().ha1Md5())
                .isEqualTo(DigestAlgorithm.MD5.ha1("2003", DirectoryCluster.REALM, "say \"hi\" Vq9-mX"));
        assertThat(directory.find("2009").orElseThrow().displayName()).isEqualTo("Bob");
    }

    @Test
    void firstLineWithoutHeaderIsAUser() {
        ImportReport report = directory.importCsv(csv("3001,Kq7-vault-Rx9z,First\n3002,Kq7-vault-Rx9z,Second\n"));

        assertThat(report.imported()).isEqualTo(2);
        assertThat(report.errors()).isEmpty();
        assertThat(directory.find("3001")).isPresent();
    }

    @Test
    void reimportEvictsCachedCopiesAndKeepsTheEnabledFlag() {
        directory.importCsv(csv("4001,old-Pq8r-Zt3w,Before\n"));
        directory.update("4001", Optional.empty(), Optional.empty(), Optional.of(false));
        assertThat(directory.find("4001").orElseThrow().displayName()).isEqualTo("Before");

        directory.importCsv(csv("4001,new-Wd5k-Lm2q,After\n"));

        SipUser user = directory.find("4001").orElseThrow();
        assertThat(user.displayName()).isEqualTo("After");
        assertThat(user.ha1Md5()).isEqualTo(DigestAlgorithm.MD5.ha1("4001", DirectoryCluster.REALM, "new-Wd5k-Lm2q"));
        assertThat(user.enabled()).isFalse();
    }

    @Test
    void twoHundredThousandLineStreamIsImportedInBatches() {
        int lines = 200_000;
        long before = directory.count();
        // This test is about batching: the strength estimate (0.4 ms a line) is tested on its own.
        UserDirectory lengthOnly = cluster.newMemberDirectory(ReservedNumbers.NONE, new PasswordPolicy(10, 0));

        ImportReport report = lengthOnly.importCsv(new GeneratedCsv(lines, 500_000));

        assertThat(report.errors()).isEmpty();
        assertThat(report.imported()).isEqualTo(lines);
        assertThat(directory.count()).isEqualTo(before + lines);
        assertThat(directory.find("" + (500_000 + lines - 1))).isPresent();
    }

    private static InputStream csv(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
