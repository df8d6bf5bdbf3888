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

/** {@code switchboard user add|import|list|features}: provisioning through the running signaling's admin API. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage SIP users through the admin API.",
        subcommands = {UserCommand.Add.class, UserCommand.Import.class, UserCommand.ListUsers.class, UserCommand.Features.class})
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

    @Command(name = "features", mixinStandardHelpOptions = true,
            description = "Show a user's call features; with options, change those given first (\"\" turns a forward off).")
    static final class Features implements Callable<Integer> {
        @ParentCommand
        UserCommand parent;
        @Parameters(paramLabel = "EXT", description = "extension, e.g. 1001")
        String extension;
        @Option(names = "--dnd", paramLabel = "on|off", description = "do not disturb: calls get 486 (or go where busy calls go)")
        String dnd;
        @Option(names = "--forward-always", paramLabel = "NUMBER", description = "every call goes there instead")
        String always;
        @Option(names = "--forward-busy", paramLabel = "NUMBER", description = "where calls go when the phones answer busy")
        String busy;
        @Option(names = "--forward-no-answer", paramLabel = "NUMBER", description = "where calls go when nobody answers")
        String noAnswer;
        @Option(names = "--no-answer-seconds", paramLabel = "S", description = "ringing time before forwarding on no answer (5-300)")
        Integer noAnswerSeconds;
        @Option(names = "--forward-unregistered", paramLabel = "NUMBER", description = "where calls go when no phone is registered")
        String unregistered;
        @Option(names = "--caller-id", paramLabel = "NUMBER", description = "the number presented on calls out over trunks")
        String callerId;
        @Option(names = "--withhold", paramLabel = "on|off", description = "withhold the number on every call")
        String withhold;

        @Override
        public Integer call() throws IOException {
            ObjectNode body = JSON.createObjectNode();
            if (dnd != null) {
                body.put("dnd", onOff("--dnd", dnd));
            }
            putIf(body, "forwardAlways", always);
            putIf(body, "forwardBusy", busy);
            putIf(body, "forwardNoAnswer", noAnswer);
            putIf(body, "forwardUnregistered", unregistered);
            putIf(body, "callerId", callerId);
            if (noAnswerSeconds != null) {
                body.put("noAnswerSeconds", noAnswerSeconds);
            }
            if (withhold != null) {
                body.put("withholdCallerId", onOff("--withhold", withhold));
            }
            String path = "api/users/" + extension + "/features";
            JsonNode f = JSON.readTree(body.isEmpty() ? parent.client().get(path) : parent.client().putJson(path, body.toString()));
            System.out.printf("call features of %s%n", extension);
            System.out.printf("  %-20s %s%n", "do not disturb", f.path("dnd").asBoolean() ? "on" : "off");
            System.out.printf("  %-20s %s%n", "forward always", dash(f.path("forwardAlways").asText()));
            System.out.printf("  %-20s %s%n", "forward on busy", dash(f.path("forwardBusy").asText()));
            System.out.printf("  %-20s %s%n", "forward on no answer", dash(f.path("forwardNoAnswer").asText())
                    + (f.path("noAnswerSeconds").asInt() > 0 ? " after " + f.path("noAnswerSeconds").asInt() + " s" : ""));
            System.out.printf("  %-20s %s%n", "forward unregistered", dash(f.path("forwardUnregistered").asText()));
            System.out.printf("  %-20s %s%n", "caller ID", dash(f.path("callerId").asText()));
            System.out.printf("  %-20s %s%n", "number withheld", f.path("withholdCallerId").asBoolean() ? "yes" : "no");
            return 0;
        }

        private static void putIf(ObjectNode body, String field, String value) {
            if (value != null) {
                body.put(field, value);
            }
        }

        private static boolean onOff(String option, String v) {
            return switch (v.toLowerCase(java.util.Locale.ROOT)) {
                case "on", "true", "yes" -> true;
                case "off", "false", "no" -> false;
                default -> throw new AdminClient.ApiError(option + " must be on or off, got '" + v + "'");
            };
        }

        private static String dash(String s) {
            return s == null || s.isEmpty() ? "-" : s;
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
