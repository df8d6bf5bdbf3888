package io.switchboard.loadtest;

import io.switchboard.signaling.SignalingServer;
import io.switchboard.signaling.directory.ImportReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Bulk provisioning through the admin API: a million-user CSV posted to {@code /api/users/import}.
 *
 * <pre>
 * mvn -q -pl loadtest exec:java -Dexec.mainClass=io.switchboard.loadtest.ImportBenchmark \
 *     -Dexec.args="--users 1000000"
 * </pre>
 *
 * The CSV is generated line by line into a temporary file and streamed as the request body
 * ({@code BodyPublishers.ofFile}), so neither side holds it whole. The server runs in this JVM
 * with its embedded H2 database in the same temporary directory. {@code --timeout} bounds the
 * import in seconds.
 */
public final class ImportBenchmark {
    private static final long FIRST_EXTENSION = 1_000_000;

    private ImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions o = BenchmarkOptions.parse(args, Map.of("users", "1000000", "timeout", "1800"));
        int users = o.integer("users");
        try (Scratch work = Scratch.create("switchboard-import-bench", false);
             SignalingServer server = LocalSignaling.start(work.resolve("data"), Map.of(), System.out)) {
            long t0 = System.nanoTime();
            Path csv = UserCsv.writeUsers(work.resolve("users.csv"), FIRST_EXTENSION, users);
            System.out.printf("generated %d lines (%d MiB) in %d ms%n", users, Files.size(csv) >> 20,
                    (System.nanoTime() - t0) / 1_000_000);

            long started = System.nanoTime();
            ImportReport r = new AdminClient(server.httpPort(), server.adminPassword())
                    .importUsers(csv, Duration.ofSeconds(o.integer("timeout")));
            long millis = (System.nanoTime() - started) / 1_000_000;

            System.out.printf("import of %d users through POST /api/users/import%n", users);
            System.out.printf("  elapsed (client):  %d ms (server's own figure %d ms)%n", millis, r.elapsedMillis());
            System.out.printf("  users/s:           %.0f%n", r.imported() * 1000.0 / Math.max(1, millis));
            System.out.printf("  imported: %d, failed: %d%s%n", r.imported(), r.failed(),
                    r.errors().isEmpty() ? "" : ", first error: " + r.errors().get(0));
            System.out.printf("  users in directory: %d%n", server.users().count());
        }
    }
}
