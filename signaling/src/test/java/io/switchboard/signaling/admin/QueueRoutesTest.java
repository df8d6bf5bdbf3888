package io.switchboard.signaling.admin;

import static io.switchboard.signaling.admin.QueueApiFixture.json;
import static io.switchboard.signaling.admin.QueueApiFixture.refused;
import static io.switchboard.signaling.admin.QueueApiFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.queue.QueueDefinition;
import io.switchboard.common.queue.QueueStats;
import io.switchboard.common.queue.QueueStrategy;
import io.switchboard.signaling.dialplan.Destination;
import io.switchboard.signaling.dialplan.ServiceKind;
import io.switchboard.signaling.queue.QueueDirectory;
import io.switchboard.signaling.queue.QueueJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/queues} over real HTTP: stored in H2, published to a real Hazelcast member, routed by the number plan. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueRoutesTest {
    private QueueApiFixture api;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        api = new QueueApiFixture(dataDir);
        api.users("1001", "1002", "1003");
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void createListGetReplaceDelete() throws Exception {
        HttpResponse<String> created = api.post("/api/queues", """
                {"name": "support", "number": "7000", "strategy": "round-robin", "ringTimeout": 20,
                 "members": [{"extension": "1001", "tier": 2, "weight": 5}, "1002"]}""");
        status(created, 201);
        assertThat(created.headers().firstValue("Location")).contains("/api/queues/support");
        JsonNode support = json(created);
        assertThat(fieldNames(support)).as("every field of the definition").isEqualTo(QueueJson.fieldNames());
        assertThat(support.get("strategy").asText()).isEqualTo("round-robin");
        assertThat(support.get("ringTimeout").asInt()).isEqualTo(20);
        assertThat(support.get("wrapUp").asInt()).as("a default").isEqualTo(10);
        assertThat(support.get("music").get(0).asText()).isEqualTo("moh");
        assertThat(support.get("members").get(0).get("extension").asText()).isEqualTo("1001");
        assertThat(support.get("members").get(0).get("tier").asInt()).isEqualTo(2);
        assertThat(support.get("members").get(0).get("weight").asInt()).isEqualTo(5);
        assertThat(support.get("members").get(1).get("tier").asInt()).as("tier defaults to 1").isEqualTo(1);

        JsonNode listed = find(json(api.get("/api/queues")).get("items"), "support");
        assertThat(listed.get("number").asText()).isEqualTo("7000");
        assertThat(json(api.get("/api/queues/support"))).isEqualTo(support);

        HttpResponse<String> replaced = api.put("/api/queues/support", """
                {"name": "support", "maxCallers": 5, "members": [{"extension": "1003"}]}""");
        status(replaced, 200);
        JsonNode after = json(replaced);
        assertThat(after.get("number").asText()).as("the number stays when left out").isEqualTo("7000");
        assertThat(after.get("strategy").asText()).as("a full replace: back to the default").isEqualTo("ringall");
        assertThat(after.get("ringTimeout").asInt()).isEqualTo(15);
        assertThat(after.get("maxCallers").asInt()).isEqualTo(5);
        assertThat(after.get("members")).hasSize(1);
        assertThat(api.definitions.get("support")).hasValueSatisfying(q -> assertThat(q.maxCallers()).isEqualTo(5));

        status(api.delete("/api/queues/support"), 204);
        assertThat(refused(api.delete("/api/queues/support"), 404, "name")).isEqualTo("queue 'support' not found");
        assertThat(refused(api.get("/api/queues/support"), 404, "name")).isEqualTo("queue 'support' not found");
        assertThat(api.definitions.get("support")).as("withdrawn from the cluster").isEmpty();
    }

    @Test
    void aStoredQueueIsPublishedToTheClusterAndRoutedByItsNumber() throws Exception {
        status(api.post("/api/queues", "{\"name\": \"sales\", \"number\": \"7010\"}"), 201);

        assertThat(api.definitions.byNumber("7010")).hasValueSatisfying(q -> assertThat(q.name()).isEqualTo("sales"));
        assertThat(api.plan.resolve("7010")).isEqualTo(new Destination.Service(ServiceKind.QUEUE, "7010", "sales"));
        assertThat(api.store.find("sales")).hasValueSatisfying(q -> assertThat(q.strategy()).isEqualTo(QueueStrategy.RINGALL));

        status(api.delete("/api/queues/sales"), 204);
        assertThat(api.plan.resolve("7010")).isEqualTo(new Destination.User("7010"));
    }

    @Test
    void theAgentFeatureCodesRouteToTheQueueRole() {
        assertThat(api.plan.resolve("*45")).isEqualTo(new Destination.Service(ServiceKind.QUEUE, "*45", "agent-login"));
        assertThat(api.plan.resolve("*46")).isEqualTo(new Destination.Service(ServiceKind.QUEUE, "*46", "agent-pause"));
    }

    @Test
    void anUnknownStrategyIs400ListingTheValidNames() throws Exception {
        String error = refused(api.post("/api/queues", "{\"name\": \"s1\", \"number\": \"7020\", \"strategy\": \"roundrobin\"}"),
                400, "strategy");

        assertThat(error).isEqualTo("unknown strategy 'roundrobin' (expected one of " + QueueStrategy.names() + ")");
        assertThat(error).contains("round-robin", "weighted-random");
        refused(api.post("/api/queues", "{\"name\": \"s1\", \"number\": \"7020\", \"strategy\": 3}"), 400, "strategy");
        status(api.get("/api/queues/s1"), 404);
    }

    @Test
    void badValuesAre400NamingTheField() throws Exception {
        assertThat(refused(api.post("/api/queues", "{\"name\": \"b1\", \"number\": \"70a\"}"), 400, "number"))
                .isEqualTo("number must be 2-15 digits, got '70a'");
        assertThat(refused(api.post("/api/queues", "{\"name\": \"b1\"}"), 400, "number")).isEqualTo("number is missing");
        refused(api.post("/api/queues", "{\"number\": \"7030\"}"), 400, "name");
        refused(api.post("/api/queues", "{\"name\": \"Bad Name\", \"number\": \"7030\"}"), 400, "name");
        refused(api.post("/api/queues", "{\"name\": \"agent-login\", \"number\": \"7030\"}"), 400, "name");
        assertThat(refused(api.post("/api/queues", "{\"name\": \"b1\", \"number\": \"7030\", \"ringTimeout\": 0}"),
                400, "ringTimeout")).isEqualTo("ringTimeout must be 1-300, got 0");
        assertThat(refused(api.post("/api/queues", "{\"name\": \"b1\", \"number\": \"7030\", \"ringTimeout\": \"15\"}"),
                400, "ringTimeout")).isEqualTo("ringTimeout must be a whole number, got \"15\"");
        refused(api.post("/api/queues", "{\"name\": \"b1\", \"number\": \"7030\", \"ringTimeout\": 15.5}"), 400, "ringTimeout");
        refused(api.post("/api/queues", "{\"name\": \"b1\", \"number\": \"7030\", \"joinEmpty\": \"yes\"}"), 400, "joinEmpty");
        refused(api.post("/api/queues", "{\"name\": \"b1\", \"number\": \"7030\", \"music\": \"moh\"}"), 400, "music");
        refused(api.post("/api/queues", "{\"name\": \"b1\", \"number\": \"7030\", \"music\": []}"), 400, "music");
        refused(api.post("/api/queues", "{\"name\": \"b1\", \"number\": \"7030\", \"members\": [{\"tier\": 1}]}"), 400, "members");
        refused(api.post("/api/queues", "{\"name\": \"b1\", \"number\": \"7030\", \"timeoutDestination\": \"7030\"}"),
                400, "timeoutDestination");
        refused(api.post("/api/queues", "[1, 2]"), 400, "body");
        refused(api.post("/api/queues", "{\"name\": "), 400, "body");
        status(api.get("/api/queues/b1"), 404);
    }

    @Test
    void unknownFieldsAre400NamingThem() throws Exception {
        String error = refused(api.post("/api/queues", "{\"name\": \"u1\", \"number\": \"7040\", \"ringtimeout\": 20}"),
                400, "ringtimeout");
        assertThat(error).startsWith("unknown field 'ringtimeout' (expected name, number, strategy, ringTimeout, ");

        refused(api.post("/api/queues", "{\"name\": \"u1\", \"number\": \"7040\", \"members\": [{\"extension\": \"1001\", \"penalty\": 2}]}"),
                400, "members");
    }

    @Test
    void aNumberHeldByAUserAnIvrAppOrAnotherQueueIs409() throws Exception {
        assertThat(refused(api.post("/api/queues", "{\"name\": \"n1\", \"number\": \"1001\"}"), 409, "number"))
                .isEqualTo("number 1001 is the extension of a user: choose another number or remove the user");

        status(api.putYaml("/api/ivr/demo", """
                name: demo
                number: "8000"
                start: main
                menus:
                  main:
                    prompt: demo-welcome
                    invalid-prompt: invalid
                    timeout-prompt: timeout
                    goodbye-prompt: goodbye
                    digits:
                      "1": { extension: "1001" }
                """), 201);
        assertThat(refused(api.post("/api/queues", "{\"name\": \"n1\", \"number\": \"8000\"}"), 409, "number"))
                .isEqualTo("number 8000 is the number of the IVR application 'demo': choose another number");
        status(api.delete("/api/ivr/demo"), 204);

        status(api.post("/api/queues", "{\"name\": \"n1\", \"number\": \"7050\"}"), 201);
        assertThat(refused(api.post("/api/queues", "{\"name\": \"n2\", \"number\": \"7050\"}"), 409, "number"))
                .isEqualTo("number 7050 is the number of the queue 'n1': choose another number");
        assertThat(refused(api.post("/api/queues", "{\"name\": \"n1\", \"number\": \"7051\"}"), 409, "name"))
                .isEqualTo("queue 'n1' already exists");
        status(api.post("/api/queues", "{\"name\": \"n2\", \"number\": \"7052\"}"), 201);
        refused(api.put("/api/queues/n2", "{\"number\": \"7050\"}"), 409, "number");
        status(api.put("/api/queues/n1", "{\"number\": \"7050\", \"wrapUp\": 0}"), 200);
        status(api.delete("/api/queues/n1"), 204);
        status(api.delete("/api/queues/n2"), 204);
    }

    @Test
    void aUserCannotTakeAQueuesNumber() throws Exception {
        status(api.post("/api/queues", "{\"name\": \"held\", \"number\": \"7060\"}"), 201);

        String error = refused(api.post("/api/users",
                "{\"extension\": \"7060\", \"password\": \"" + QueueApiFixture.SIP_PASSWORD + "\"}"), 409, "extension");

        assertThat(error).isEqualTo("extension '7060' is the number of the queue 'held': choose another extension or renumber it");
        status(api.delete("/api/queues/held"), 204);
    }

    @Test
    void everyAgentMustBeAUser() throws Exception {
        assertThat(refused(api.post("/api/queues",
                "{\"name\": \"m1\", \"number\": \"7070\", \"members\": [\"1001\", {\"extension\": \"1009\"}]}"), 400, "members"))
                .isEqualTo("agent 1009 is not a user");
        refused(api.post("/api/queues", "{\"name\": \"m1\", \"number\": \"7070\", \"members\": [\"1001\", \"1001\"]}"),
                400, "members");
        status(api.get("/api/queues/m1"), 404);
    }

    @Test
    void membersAreAddedChangedAndRemoved() throws Exception {
        status(api.post("/api/queues", "{\"name\": \"team\", \"number\": \"7080\"}"), 201);

        HttpResponse<String> added = api.post("/api/queues/team/members", "{\"extension\": \"1001\", \"tier\": 1, \"weight\": 1}");
        status(added, 201);
        assertThat(json(added).get("members")).hasSize(1);
        HttpResponse<String> changed = api.post("/api/queues/team/members", "{\"extension\": \"1001\", \"tier\": 3}");
        status(changed, 200);
        assertThat(json(changed).get("members").get(0).get("tier").asInt()).isEqualTo(3);
        status(api.post("/api/queues/team/members", "{\"extension\": \"1002\"}"), 201);
        assertThat(api.definitions.get("team").orElseThrow().members()).extracting(m -> m.extension())
                .containsExactly("1001", "1002");

        assertThat(refused(api.post("/api/queues/team/members", "{\"extension\": \"1009\"}"), 400, "extension"))
                .isEqualTo("agent 1009 is not a user");
        refused(api.post("/api/queues/team/members", "{\"extension\": \"1003\", \"tier\": 10}"), 400, "tier");
        refused(api.post("/api/queues/team/members", "{\"extension\": \"1003\", \"weight\": 0}"), 400, "weight");
        refused(api.post("/api/queues/team/members", "{\"extension\": \"1003\", \"tier\": \"1\"}"), 400, "tier");
        refused(api.post("/api/queues/team/members", "{\"tier\": 1}"), 400, "extension");
        refused(api.post("/api/queues/team/members", "{\"extension\": \"1003\", \"penalty\": 1}"), 400, "penalty");
        assertThat(refused(api.post("/api/queues/nowhere/members", "{\"extension\": \"1001\"}"), 404, "name"))
                .isEqualTo("queue 'nowhere' not found");

        status(api.delete("/api/queues/team/members/1001"), 204);
        assertThat(refused(api.delete("/api/queues/team/members/1001"), 404, "extension"))
                .isEqualTo("agent 1001 is not a member of queue 'team'");
        assertThat(api.definitions.get("team").orElseThrow().members()).extracting(m -> m.extension()).containsExactly("1002");
        refused(api.delete("/api/queues/nowhere/members/1001"), 404, "name");
        status(api.delete("/api/queues/team"), 204);
    }

    @Test
    void putNeedsAnExistingQueueAndTheNameOfThePath() throws Exception {
        refused(api.put("/api/queues/ghost", "{\"number\": \"7090\"}"), 404, "name");
        status(api.post("/api/queues", "{\"name\": \"p1\", \"number\": \"7091\"}"), 201);

        assertThat(refused(api.put("/api/queues/p1", "{\"name\": \"p2\"}"), 400, "name"))
                .isEqualTo("name 'p2' in the body does not match 'p1' in the path");
        refused(api.put("/api/queues/p1", "{\"strategy\": \"fastest\"}"), 400, "strategy");
        assertThat(api.store.find("p1").orElseThrow().strategy()).as("a refused replace changes nothing")
                .isEqualTo(QueueStrategy.RINGALL);
        status(api.delete("/api/queues/p1"), 204);
    }

    @Test
    void statsWithoutAHostCountAgentsFromTheirStatesThenShowTheHostsFigures() throws Exception {
        status(api.post("/api/queues", "{\"name\": \"live\", \"number\": \"7100\", \"members\": [\"1001\", \"1002\", \"1003\"]}"), 201);
        api.agents.login("1001");
        api.agents.login("1002");
        api.agents.pause("1002", "lunch");
        api.agents.logout("1003");

        JsonNode computed = json(api.get("/api/queues/live/stats"));
        assertThat(computed.get("hosted").asBoolean()).isFalse();
        assertThat(computed.get("waiting").asInt()).isZero();
        assertThat(computed.get("agentsAvailable").asInt()).isEqualTo(1);
        assertThat(computed.get("agentsPaused").asInt()).isEqualTo(1);
        assertThat(computed.get("agentsLoggedOut").asInt()).isEqualTo(1);
        assertThat(computed.get("agentsBusy").asInt()).isZero();
        assertThat(computed.get("agents")).hasSize(3);
        assertThat(computed.get("agents").get(1).get("status").asText()).isEqualTo("paused");
        assertThat(computed.get("agents").get(1).get("pauseReason").asText()).isEqualTo("lunch");

        api.stats.publish(new QueueStats("live", "queue-a", 3, 42, 10, 2, 1, 0, 12.5, 90.0, 80.0, 1, 0, 1, 1, 1_000));
        JsonNode hosted = json(api.get("/api/queues/live/stats"));
        assertThat(hosted.get("hosted").asBoolean()).isTrue();
        assertThat(hosted.get("node").asText()).isEqualTo("queue-a");
        assertThat(hosted.get("waiting").asInt()).isEqualTo(3);
        assertThat(hosted.get("longestWait").asLong()).isEqualTo(42);
        assertThat(hosted.get("agents")).hasSize(3);

        refused(api.get("/api/queues/dead/stats"), 404, "name");
        api.stats.remove("live");
        status(api.delete("/api/queues/live"), 204);
        api.agents.logout("1001");
        api.agents.logout("1002");
    }

    @Test
    void loadAllPublishesTheDatabaseAndWithdrawsWhatItNoLongerHolds() throws Exception {
        status(api.post("/api/queues", "{\"name\": \"kept\", \"number\": \"7110\"}"), 201);
        api.definitions.withdraw("kept");
        api.definitions.publish(QueueDefinition.defaults("ghost", "7111"));
        assertThat(api.definitions.get("kept")).isEmpty();

        int loaded = new QueueDirectory(api.store, api.definitions, api.plan, n -> api.users.find(n).isPresent()).loadAll();

        assertThat(loaded).isEqualTo(api.store.all().size());
        assertThat(api.definitions.get("kept")).isPresent();
        assertThat(api.definitions.get("ghost")).isEmpty();
        assertThat(api.plan.resolve("7111")).isEqualTo(new Destination.User("7111"));
        status(api.delete("/api/queues/kept"), 204);
    }

    @Test
    void needsCredentials() throws Exception {
        status(api.send(api.request("/api/queues").GET().build()), 401);
        status(api.send(api.request("/api/agents").GET().build()), 401);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode find(JsonNode items, String name) {
        for (JsonNode item : items) {
            if (item.get("name").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError(name + " not listed in " + items);
    }
}
