package io.switchboard.dist;

import static io.switchboard.dist.AdminClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code switchboard queue add|list|show|rm}: call queues through the running signaling's admin API. */
@Command(name = "queue", mixinStandardHelpOptions = true, description = "Manage call queues through the admin API.",
        subcommands = {QueueCommand.Add.class, QueueCommand.ListQueues.class, QueueCommand.Show.class,
                QueueCommand.Remove.class})
final class QueueCommand {
    static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    AdminOptions admin;

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a queue; what is not given takes the default (ringall, 15 s ring, 10 s wrap-up, 100 callers, 600 s wait, music 'moh'). Agents: 'agent add'.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        QueueCommand parent;
        @Parameters(paramLabel = "NAME", description = "a-z 0-9 _ -, e.g. support")
        String name;
        @Option(names = "--number", required = true, paramLabel = "N", description = "the number callers dial, 2-15 digits")
        String number;
        @Option(names = "--strategy", paramLabel = "S", description = "ringall, round-robin, least-recent, fewest-calls, "
                + "longest-idle, random, linear or weighted-random")
        String strategy;
        @Option(names = "--ring-timeout", paramLabel = "S", description = "seconds one agent rings (1-300)")
        Integer ringTimeout;
        @Option(names = "--wrap-up", paramLabel = "S", description = "seconds after a call before the agent gets another (0-3600)")
        Integer wrapUp;
        @Option(names = "--max-callers", paramLabel = "N", description = "waiting callers at most (1-10000)")
        Integer maxCallers;
        @Option(names = "--max-wait", paramLabel = "S", description = "longest wait in seconds, then --timeout-destination; 0 = no limit")
        Integer maxWait;
        @Option(names = "--callback-after", paramLabel = "S", description = "offer a callback (key 1) after this wait; 0 = never")
        Integer callbackAfter;
        @ArgGroup(exclusive = false)
        Exit exit;
        @Option(names = "--timeout-destination", paramLabel = "D", description = "where callers go after --max-wait (empty: hang up)")
        String timeoutDestination;
        @Option(names = "--full-destination", paramLabel = "D", description = "where callers go when the queue is full or has no agent")
        String fullDestination;
        @Option(names = "--music", paramLabel = "PROMPT", split = ",", description = "music-on-hold prompts, played in turn")
        List<String> music;

        /** The exit key and where it leads, given together. */
        static final class Exit {
            @Option(names = "--exit-key", required = true, paramLabel = "K", description = "a key (0-9 * #) that leaves the queue")
            String key;
            @Option(names = "--exit-destination", required = true, paramLabel = "D", description = "where --exit-key leads")
            String destination;
        }

        @Override
        public Integer call() throws IOException {
            ObjectNode body = JSON.createObjectNode().put("name", name).put("number", number);
            if (strategy != null) {
                body.put("strategy", strategy);
            }
            putIf(body, "ringTimeout", ringTimeout);
            putIf(body, "wrapUp", wrapUp);
            putIf(body, "maxCallers", maxCallers);
            putIf(body, "maxWait", maxWait);
            putIf(body, "callbackAfter", callbackAfter);
            if (exit != null) {
                body.put("exitKey", exit.key).put("exitDestination", exit.destination);
            }
            if (timeoutDestination != null) {
                body.put("timeoutDestination", timeoutDestination);
            }
            if (fullDestination != null) {
                body.put("fullDestination", fullDestination);
            }
            if (music != null) {
                music.forEach(body.putArray("music")::add);
            }
            JsonNode q = JSON.readTree(parent.admin.client().postJson("api/queues", body.toString()));
            System.out.printf("added queue %s on %s (%s)%n", q.path("name").asText(), q.path("number").asText(),
                    q.path("strategy").asText());
            return 0;
        }

        private static void putIf(ObjectNode body, String field, Integer value) {
            if (value != null) {
                body.put(field, value);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List queues: agents logged in of all, callers waiting.")
    static final class ListQueues implements Callable<Integer> {
        @ParentCommand
        QueueCommand parent;

        @Override
        public Integer call() throws IOException {
            AdminClient client = parent.admin.client();
            JsonNode items = JSON.readTree(client.get("api/queues")).path("items");
            System.out.printf("%-20s %-10s %-16s %-8s %s%n", "NAME", "NUMBER", "STRATEGY", "AGENTS", "WAITING");
            for (JsonNode q : items) {
                String name = q.path("name").asText();
                JsonNode stats = JSON.readTree(client.get("api/queues/" + segment(name) + "/stats"));
                int members = q.path("members").size();
                int loggedIn = members - stats.path("agentsLoggedOut").asInt();
                System.out.printf("%-20s %-10s %-16s %-8s %d%n", name, q.path("number").asText(),
                        q.path("strategy").asText(), loggedIn + "/" + members, stats.path("waiting").asInt());
            }
            System.out.printf("(%d %s)%n", items.size(), items.size() == 1 ? "queue" : "queues");
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a queue's definition, its agents and its live figures.")
    static final class Show implements Callable<Integer> {
        private static final Set<String> HEADED = Set.of("name", "number", "members");

        @ParentCommand
        QueueCommand parent;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException {
            AdminClient client = parent.admin.client();
            JsonNode q = JSON.readTree(client.get("api/queues/" + segment(name)));
            JsonNode stats = JSON.readTree(client.get("api/queues/" + segment(name) + "/stats"));
            System.out.printf("queue %s on %s%n", q.path("name").asText(), q.path("number").asText());
            for (Map.Entry<String, JsonNode> f : q.properties()) {
                if (!HEADED.contains(f.getKey())) {
                    JsonNode v = f.getValue();
                    String shown = v.isArray() ? String.join(",", JSON.convertValue(v, String[].class)) : v.asText();
                    System.out.printf("  %-20s %s%n", f.getKey(), shown.isEmpty() ? "-" : shown);
                }
            }
            System.out.printf("agents%n  %-12s %-5s %-7s %-12s %s%n", "EXTENSION", "TIER", "WEIGHT", "STATUS", "REASON");
            for (JsonNode a : stats.path("agents")) {
                System.out.printf("  %-12s %-5d %-7d %-12s %s%n", a.path("extension").asText(), a.path("tier").asInt(),
                        a.path("weight").asInt(), a.path("status").asText(), a.path("pauseReason").asText());
            }
            System.out.println(stats.path("hosted").asBoolean() ? "live (hosted by " + stats.path("node").asText() + ")"
                    : "live (no queue node hosts it now: agents from their states, no callers)");
            System.out.printf("  waiting %d, longest wait %d s, answered %d, abandoned %d (%d short), sent elsewhere %d%n",
                    stats.path("waiting").asInt(), stats.path("longestWait").asLong(), stats.path("answered").asLong(),
                    stats.path("abandoned").asLong(), stats.path("abandonedShort").asLong(), stats.path("exited").asLong());
            System.out.printf("  average wait %.1f s, average handling %.1f s, service level %.1f %%%n",
                    stats.path("averageWait").asDouble(), stats.path("averageHandle").asDouble(),
                    stats.path("serviceLevel").asDouble());
            System.out.printf("  agents: %d available, %d busy, %d paused, %d logged out%n",
                    stats.path("agentsAvailable").asInt(), stats.path("agentsBusy").asInt(),
                    stats.path("agentsPaused").asInt(), stats.path("agentsLoggedOut").asInt());
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete a queue.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        QueueCommand parent;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            parent.admin.client().delete("api/queues/" + segment(name));
            System.out.println("removed queue " + name);
            return 0;
        }
    }
}
