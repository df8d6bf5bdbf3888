package io.switchboard.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code switchboard user add|import|list}: provisioning through the running signaling's admin API. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage SIP users through the admin API.",
        subcommands = {UserCommand.Add.class, UserCommand.Import.class, UserCommand.ListUsers.class})
final class UserCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    AdminOptions admin;

    AdminClient client() {
        return admin.client();
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        UserCommand parent;
        @Parameters(paramLabel = "EXT", description = "extension, e.g. 1001")
        String extension;
        @Option(names = "--password", paramLabel = "P",
                description = "SIP password (stored as HA1 hashes only); without it a random one is generated and printed once")
        String password;
        @Option(names = "--name", paramLabel = "N", description = "display name")
        String name;

        @Override
        public Integer call() {
            boolean generated = password == null;
            String secret = generated ? GeneratedPassword.next() : password;
            ObjectNode body = JSON.createObjectNode().put("extension", extension).put("password", secret);
            if (name != null) {
                body.put("displayName", name);
            }
            parent.client().postJson("api/users", body.toString());
            System.out.println(generated ? "added " + extension + " with password " + secret : "added " + extension);
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import users from a CSV file: extension,password,display_name (one per line).")
    static final class Import implements Callable<Integer> {
        @ParentCommand
        UserCommand parent;
        @Parameters(paramLabel = "FILE.csv")
        Path file;

        @Override
        public Integer call() throws IOException {
            if (!Files.isReadable(file)) {
                throw new AdminClient.ApiError("cannot read " + file);
            }
            JsonNode report = JSON.readTree(parent.client().postFile("api/users/import", file));
            System.out.printf("imported %d users, %d lines failed, in %d ms%n", report.path("imported").asLong(),
                    report.path("failed").asLong(), report.path("elapsedMillis").asLong());
            for (JsonNode e : report.path("errors")) {
                System.out.println("  " + e.asText());
            }
            return report.path("failed").asLong() == 0 ? 0 : 4;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users, a page at a time.")
    static final class ListUsers implements Callable<Integer> {
        @ParentCommand
        UserCommand parent;
        @Option(names = "--offset", defaultValue = "0")
        int offset;
        @Option(names = "--limit", defaultValue = "100")
        int limit;

        @Override
        public Integer call() throws IOException {
            JsonNode page = JSON.readTree(parent.client().get("api/users?offset=" + offset + "&limit=" + limit));
            System.out.printf("%-12s %-8s %s%n", "EXTENSION", "ENABLED", "NAME");
            for (JsonNode u : page.path("items")) {
                System.out.printf("%-12s %-8s %s%n", u.path("extension").asText(), u.path("enabled").asBoolean(),
                        u.path("displayName").asText(""));
            }
            System.out.printf("(%d of %d, offset %d)%n", page.path("items").size(), page.path("total").asLong(), offset);
            return 0;
        }
    }
}
