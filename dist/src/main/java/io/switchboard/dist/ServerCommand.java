package io.switchboard.dist;

import static io.switchboard.dist.AdminClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code switchboard server add|list|show|enable|disable|rm}: the server inventory through the running
 * signaling's admin API, as the portal's Servers menu does it.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Manage the server inventory (media, queue, meeting and IVR servers) through the admin API.",
        subcommands = {ServerCommand.Add.class, ServerCommand.ListServers.class, ServerCommand.Show.class,
                ServerCommand.Enable.class, ServerCommand.Disable.class, ServerCommand.Remove.class})
final class ServerCommand {
    static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    AdminOptions admin;

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a server by the name it will run under (extend run -n NAME must use the same name).")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        ServerCommand parent;
        @Parameters(paramLabel = "NAME", description = "1-64 letters, digits, '.', '_' or '-', e.g. media-server-1")
        String name;
        @Option(names = {"--type", "-s"}, required = true, paramLabel = "TYPE",
                description = "media, queue, meeting or ivr (media-server-only and the like are accepted too)")
        String type;
        @Option(names = {"--private-ip", "-a"}, required = true, paramLabel = "IP",
                description = "the IP the other servers reach it at; one server per IP")
        String privateIp;
        @Option(names = "--public-ip", paramLabel = "IP", description = "media only: the IP its SDP offers to phones outside")
        String publicIp;
        @Option(names = "--max-sessions", paramLabel = "N",
                description = "sessions it is given at most (media: at most 5000, the default; others 1000)")
        Integer maxSessions;
        @Option(names = "--disabled", description = "add it disabled (it takes no sessions until enabled)")
        boolean disabled;

        @Override
        public Integer call() {
            ObjectNode body = JSON.createObjectNode().put("name", name).put("type", type).put("privateAddress", privateIp)
                    .put("enabled", !disabled);
            if (publicIp != null) {
                body.put("publicAddress", publicIp);
            }
            if (maxSessions != null) {
                body.put("maxSessions", maxSessions);
            }
            JsonNode r = read(parent.admin.client().postJson("api/servers", body.toString()));
            System.out.printf("added %s server %s (%s), at most %d sessions, %s%n", r.path("type").asText(),
                    r.path("name").asText(), r.path("privateAddress").asText(), r.path("maxSessions").asInt(),
                    r.path("status").asText());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the servers with their live status (online, offline, disabled, unknown).")
    static final class ListServers implements Callable<Integer> {
        @ParentCommand
        ServerCommand parent;
        @Option(names = {"--type", "-s"}, paramLabel = "TYPE", description = "only this type")
        String type;

        @Override
        public Integer call() {
            JsonNode items = read(parent.admin.client().get("api/servers" + (type == null ? "" : "?type=" + segment(type))))
                    .path("items");
            System.out.printf("%-20s %-8s %-16s %-16s %-9s %-13s %-14s %s%n", "NAME", "TYPE", "PRIVATE IP", "PUBLIC IP",
                    "STATUS", "SESSIONS", "VERSION", "DEFAULT");
            for (JsonNode s : items) {
                System.out.printf("%-20s %-8s %-16s %-16s %-9s %-13s %-14s %s%n", s.path("name").asText(),
                        s.path("type").asText(), s.path("privateAddress").asText(), dash(s.path("publicAddress").asText()),
                        title(s.path("status").asText()), s.path("activeSessions").asInt() + "/" + max(s),
                        dash(s.path("version").asText()), s.path("isDefault").asBoolean() ? "yes" : "");
            }
            System.out.printf("(%d %s)%n", items.size(), items.size() == 1 ? "server" : "servers");
            return 0;
        }

        /** The inventory's maximum, or the node's own cap when that is lower (its port range, descriptors). */
        private static String max(JsonNode s) {
            int cap = s.path("capacity").asInt();
            if (s.path("maxSessions").isNull()) {
                return cap > 0 ? Integer.toString(cap) : "-";
            }
            int max = s.path("maxSessions").asInt();
            return Integer.toString(cap > 0 ? Math.min(cap, max) : max);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one server and its live state.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        ServerCommand parent;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            JsonNode s = read(parent.admin.client().get("api/servers/" + segment(name)));
            System.out.printf("%s server %s: %s%n", s.path("type").asText(), s.path("name").asText(), title(s.path("status").asText()));
            System.out.printf("  %-16s %s%n", "private IP", s.path("privateAddress").asText());
            System.out.printf("  %-16s %s%n", "public IP", dash(s.path("publicAddress").asText()));
            System.out.printf("  %-16s %d of at most %d%n", "sessions", s.path("activeSessions").asInt(), s.path("maxSessions").asInt());
            System.out.printf("  %-16s %s%n", "enabled", s.path("enabled").asBoolean() ? "yes" : "no (draining: no new sessions)");
            System.out.printf("  %-16s %s%n", "default", s.path("isDefault").asBoolean() ? "yes (a local server of the main server)" : "no");
            System.out.printf("  %-16s %s%n", "version", dash(s.path("version").asText()));
            long beat = s.path("lastHeartbeat").asLong();
            System.out.printf("  %-16s %s%n", "last heartbeat", beat == 0 ? "never"
                    : Instant.ofEpochMilli(beat) + " (" + Duration.between(Instant.ofEpochMilli(beat), Instant.now()).toSeconds() + " s ago)");
            return 0;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Give the server new sessions again.")
    static final class Enable implements Callable<Integer> {
        @ParentCommand
        ServerCommand parent;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            JsonNode s = read(parent.admin.client().postJson("api/servers/" + segment(name) + "/enable", ""));
            System.out.printf("enabled %s: %s%n", name, title(s.path("status").asText()));
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Drain the server: no new sessions go to it; its current calls go on until they end.")
    static final class Disable implements Callable<Integer> {
        @ParentCommand
        ServerCommand parent;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            JsonNode s = read(parent.admin.client().postJson("api/servers/" + segment(name) + "/disable", ""));
            System.out.printf("disabled %s: no new sessions; %d current go on until they end%n", name,
                    s.path("activeSessions").asInt());
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = "Remove a server from the inventory (a default local server can only be disabled).")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        ServerCommand parent;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            parent.admin.client().delete("api/servers/" + segment(name));
            System.out.println("removed server " + name);
            return 0;
        }
    }

    private static String title(String status) {
        return status.isEmpty() ? "-" : status.substring(0, 1).toUpperCase(Locale.ROOT) + status.substring(1);
    }

    private static String dash(String s) {
        return s.isEmpty() ? "-" : s;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AdminClient.ApiError("unreadable answer from the admin API: " + e.getMessage());
        }
    }
}
