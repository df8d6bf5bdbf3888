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
            listings(new AdminClient(server.httpPort(), server.adminPassword()), users);
        }
    }

    /**
     * What the portal's Users page costs with every user in: the median of 5 GETs each of the first page,
     * a page near the end by key ({@code after}) and by position ({@code offset}), an extension prefix
     * search and a name search (the start of the name, on its index).
     */
    private static void listings(AdminClient admin, int users) throws Exception {
        long last = FIRST_EXTENSION + users - 100;
        String[][] cases = {
                {"first page (offset 0)", "/api/users?offset=0&limit=50"},
                {"near the end by key (after)", "/api/users?after=" + last + "&limit=50"},
                {"near the end by position (offset)", "/api/users?offset=" + (users - 100) + "&limit=50"},
                {"extension prefix search", "/api/users?q=" + (FIRST_EXTENSION + users / 2) / 100 + "&limit=50"},
                {"name search (start of the name)", "/api/users?q=load+user+" + (FIRST_EXTENSION + users / 2) / 100 + "&limit=50"}};
        System.out.printf("GET /api/users with %d users (median of 5, ms):%n", users);
        for (String[] c : cases) {
            long[] ms = new long[5];
            int items = 0;
            for (int i = 0; i < ms.length; i++) {
                long t0 = System.nanoTime();
                items = admin.getJson(c[1]).path("items").size();
                ms[i] = (System.nanoTime() - t0) / 1_000_000;
            }
            java.util.Arrays.sort(ms);
            System.out.printf("  %-36s %6d ms  (%d items)%n", c[0], ms[2], items);
        }
    }
}
