package io.switchboard.dist;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every admin command shares (mixed into {@code user}, {@code queue}, {@code agent} and {@code room};
 * inherited by their subcommands, so they go before or after the subcommand's name), and the
 * client they make.
 */
public final class AdminOptions {
    @Option(names = "--api", paramLabel = "URL", defaultValue = "http://127.0.0.1:8888", scope = ScopeType.INHERIT,
            description = "admin API of the running signaling (default ${DEFAULT-VALUE})")
    String api;

    @Option(names = "--admin-password", paramLabel = "P", scope = ScopeType.INHERIT,
            description = "admin password; else SWITCHBOARD_ADMIN_PASSWORD; else <data-dir>/admin-password")
    String adminPassword;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data", scope = ScopeType.INHERIT,
            description = "where a local server keeps its generated admin password (default ${DEFAULT-VALUE})")
    Path dataDir;

    /** A client of the API with the password from the option, the environment or the data dir, in that order. */
    public AdminClient client() {
        String password = adminPassword;
        if (password == null) {
            password = System.getenv("SWITCHBOARD_ADMIN_PASSWORD");
        }
        Path file = dataDir.resolve("admin-password");
        if (password == null && Files.isReadable(file)) {
            try {
                password = Files.readString(file, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new AdminClient.ApiError("cannot read " + file + ": " + e.getMessage());
            }
        }
        if (password == null) {
            throw new AdminClient.ApiError("no admin password: pass --admin-password, set SWITCHBOARD_ADMIN_PASSWORD, or --data-dir DIR (the server's data-dir, holding admin-password; not found in " + dataDir.toAbsolutePath().normalize() + ")");
        }
        return new AdminClient(URI.create(api.endsWith("/") ? api : api + "/"), password);
    }
}
