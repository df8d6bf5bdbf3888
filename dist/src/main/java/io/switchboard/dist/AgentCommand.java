package io.switchboard.dist;

import static io.switchboard.dist.AdminClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code switchboard agent add|rm|login|logout|pause|unpause|list}: queue agents through the running
 * signaling's admin API. An agent is a user in one or more queues; it logs in and pauses once for all.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, description = "Manage queue agents through the admin API.",
        subcommands = {AgentCommand.Add.class, AgentCommand.Remove.class, AgentCommand.Login.class,
                AgentCommand.Logout.class, AgentCommand.Pause.class, AgentCommand.Unpause.class,
                AgentCommand.ListAgents.class})
final class AgentCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    AdminOptions admin;

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Make a user an agent of a queue (again: change its tier and weight).")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        AgentCommand parent;
        @Parameters(paramLabel = "EXT", description = "the user's extension")
        String extension;
        @Option(names = "--queue", required = true, paramLabel = "Q")
        String queue;
        @Option(names = "--tier", paramLabel = "T", defaultValue = "1",
                description = "1-9; lower tiers are offered calls first (default ${DEFAULT-VALUE})")
        int tier;
        @Option(names = "--weight", paramLabel = "W", defaultValue = "1",
                description = "1-100, for weighted-random (default ${DEFAULT-VALUE})")
        int weight;

        @Override
        public Integer call() {
            ObjectNode body = JSON.createObjectNode().put("extension", extension).put("tier", tier).put("weight", weight);
            parent.admin.client().postJson("api/queues/" + segment(queue) + "/members", body.toString());
            System.out.printf("agent %s is in queue %s (tier %d, weight %d)%n", extension, queue, tier, weight);
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Take an agent out of a queue.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        AgentCommand parent;
        @Parameters(paramLabel = "EXT")
        String extension;
        @Option(names = "--queue", required = true, paramLabel = "Q")
        String queue;

        @Override
        public Integer call() {
            parent.admin.client().delete("api/queues/" + segment(queue) + "/members/" + segment(extension));
            System.out.printf("removed agent %s from queue %s%n", extension, queue);
            return 0;
        }
    }

    /** A change of one agent's state; prints the state it left the agent in. */
    abstract static class StateChange implements Callable<Integer> {
        @ParentCommand
        AgentCommand parent;
        @Parameters(paramLabel = "EXT")
        String extension;

        abstract String action();

        String body() {
            return "{}";
        }

        @Override
        public Integer call() throws IOException {
            JsonNode a = JSON.readTree(parent.admin.client().postJson(
                    "api/agents/" + segment(extension) + "/" + action(), body()));
            String reason = a.path("pauseReason").asText("");
            System.out.printf("agent %s: %s%s%n", a.path("extension").asText(), a.path("status").asText(),
                    reason.isEmpty() ? "" : " (" + reason + ")");
            return 0;
        }
    }

    @Command(name = "login", mixinStandardHelpOptions = true, description = "Log an agent in to all its queues.")
    static final class Login extends StateChange {
        String action() {
            return "login";
        }
    }

    @Command(name = "logout", mixinStandardHelpOptions = true, description = "Log an agent out of all its queues.")
    static final class Logout extends StateChange {
        String action() {
            return "logout";
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a logged-in agent: it is offered no queue call.")
    static final class Pause extends StateChange {
        @Option(names = "--reason", paramLabel = "R", description = "why, e.g. lunch (default: paused)")
        String reason;

        String action() {
            return "pause";
        }

        @Override
        String body() {
            ObjectNode body = JSON.createObjectNode();
            if (reason != null) {
                body.put("reason", reason);
            }
            return body.toString();
        }
    }

    @Command(name = "unpause", mixinStandardHelpOptions = true, description = "Make a paused agent available again.")
    static final class Unpause extends StateChange {
        String action() {
            return "unpause";
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every agent of any queue with its state.")
    static final class ListAgents implements Callable<Integer> {
        @ParentCommand
        AgentCommand parent;

        @Override
        public Integer call() throws IOException {
            JsonNode items = JSON.readTree(parent.admin.client().get("api/agents")).path("items");
            System.out.printf("%-12s %-12s %-16s %s%n", "EXTENSION", "STATUS", "REASON", "QUEUES");
            for (JsonNode a : items) {
                List<String> queues = new ArrayList<>();
                a.path("queues").forEach(q -> queues.add(q.asText()));
                String reason = a.path("pauseReason").asText("");
                System.out.printf("%-12s %-12s %-16s %s%n", a.path("extension").asText(), a.path("status").asText(),
                        reason.isEmpty() ? "-" : reason, String.join(",", queues));
            }
            System.out.printf("(%d %s)%n", items.size(), items.size() == 1 ? "agent" : "agents");
            return 0;
        }
    }
}
