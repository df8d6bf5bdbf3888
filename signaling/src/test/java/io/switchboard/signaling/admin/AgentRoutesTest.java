package io.switchboard.signaling.admin;

import static io.switchboard.signaling.admin.QueueApiFixture.json;
import static io.switchboard.signaling.admin.QueueApiFixture.refused;
import static io.switchboard.signaling.admin.QueueApiFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.queue.AgentStatus;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/agents} over real HTTP: agents' states in a real Hazelcast member, membership from the queues. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentRoutesTest {
    private QueueApiFixture api;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        api = new QueueApiFixture(dataDir);
        api.users("2001", "2002", "2003", "2004", "2005", "2099");
        status(api.post("/api/queues", "{\"name\": \"support\", \"number\": \"7200\", \"members\": [\"2001\", \"2002\", \"2003\", \"2004\"]}"), 201);
        status(api.post("/api/queues", "{\"name\": \"sales\", \"number\": \"7201\", \"members\": [\"2001\", \"2005\"]}"), 201);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void loginPauseUnpauseLogoutChangeTheState() throws Exception {
        JsonNode before = json(api.get("/api/agents/2001"));
        assertThat(before.get("status").asText()).isEqualTo("logged-out");
        assertThat(before.get("queues")).extracting(JsonNode::asText).containsExactly("sales", "support");

        HttpResponse<String> in = api.post("/api/agents/2001/login", "");
        status(in, 200);
        assertThat(json(in).get("status").asText()).isEqualTo("available");
        assertThat(api.agents.get("2001").status()).isEqualTo(AgentStatus.AVAILABLE);
        assertThat(json(api.post("/api/agents/2001/login", "")).get("status").asText()).as("again: no change")
                .isEqualTo("available");

        JsonNode paused = json(api.post("/api/agents/2001/pause", "{\"reason\": \"lunch\"}"));
        assertThat(paused.get("status").asText()).isEqualTo("paused");
        assertThat(paused.get("pauseReason").asText()).isEqualTo("lunch");
        assertThat(api.agents.get("2001").pauseReason()).isEqualTo("lunch");

        JsonNode unpaused = json(api.post("/api/agents/2001/unpause", ""));
        assertThat(unpaused.get("status").asText()).isEqualTo("available");
        assertThat(unpaused.get("pauseReason").asText()).isEmpty();
        assertThat(json(api.post("/api/agents/2001/unpause", "")).get("status").asText()).as("not paused: no change")
                .isEqualTo("available");

        JsonNode out = json(api.post("/api/agents/2001/logout", ""));
        assertThat(out.get("status").asText()).isEqualTo("logged-out");
        assertThat(api.agents.get("2001").loggedIn()).isFalse();
    }

    @Test
    void aPauseWithoutABodyHasTheReasonPaused() throws Exception {
        status(api.post("/api/agents/2002/login", ""), 200);

        JsonNode paused = json(api.post("/api/agents/2002/pause", ""));

        assertThat(paused.get("status").asText()).isEqualTo("paused");
        assertThat(paused.get("pauseReason").asText()).isEqualTo("paused");
        api.agents.logout("2002");
    }

    @Test
    void aLoggedOutAgentCannotPauseOrUnpause() throws Exception {
        assertThat(refused(api.post("/api/agents/2003/pause", "{\"reason\": \"lunch\"}"), 409, "extension"))
                .isEqualTo("agent 2003 is logged out: log in before you pause");
        refused(api.post("/api/agents/2003/unpause", ""), 409, "extension");
        assertThat(api.agents.get("2003").status()).isEqualTo(AgentStatus.LOGGED_OUT);
    }

    @Test
    void anExtensionInNoQueueIs404() throws Exception {
        assertThat(refused(api.get("/api/agents/2099"), 404, "extension")).isEqualTo("agent 2099 is not a member of any queue");
        refused(api.post("/api/agents/2099/login", ""), 404, "extension");
        refused(api.post("/api/agents/2099/pause", ""), 404, "extension");
        refused(api.post("/api/agents/2099/unpause", ""), 404, "extension");
        refused(api.post("/api/agents/2099/logout", ""), 404, "extension");
        assertThat(api.agents.get("2099").loggedIn()).as("not logged in by the refused request").isFalse();
    }

    @Test
    void badPauseBodiesAre400NamingTheField() throws Exception {
        status(api.post("/api/agents/2004/login", ""), 200);

        refused(api.post("/api/agents/2004/pause", "{\"why\": \"lunch\"}"), 400, "why");
        refused(api.post("/api/agents/2004/pause", "{\"reason\": 5}"), 400, "reason");
        refused(api.post("/api/agents/2004/pause", "{\"reason\": \"" + "x".repeat(65) + "\"}"), 400, "reason");
        assertThat(api.agents.get("2004").status()).isEqualTo(AgentStatus.AVAILABLE);
        api.agents.logout("2004");
    }

    @Test
    void theListHasEveryMemberOfAnyQueueWithItsQueuesAndState() throws Exception {
        api.agents.login("2005");

        JsonNode items = json(api.get("/api/agents")).get("items");

        assertThat(items).extracting(i -> i.get("extension").asText()).containsExactly("2001", "2002", "2003", "2004", "2005");
        JsonNode agent = items.get(4);
        assertThat(agent.get("status").asText()).isEqualTo("available");
        assertThat(agent.get("queues")).extracting(JsonNode::asText).containsExactly("sales");
        assertThat(agent.has("answered")).isTrue();
        assertThat(agent.has("misses")).isTrue();
        assertThat(agent.has("pauseReason")).isTrue();
        api.agents.logout("2005");
    }

    @Test
    void anAgentWhoLeftItsLastQueueLoggedInCanStillLogOut() throws Exception {
        api.users("2006");
        status(api.post("/api/queues/sales/members", "{\"extension\": \"2006\"}"), 201);
        status(api.post("/api/agents/2006/login", ""), 200);
        status(api.delete("/api/queues/sales/members/2006"), 204);

        assertThat(json(api.post("/api/agents/2006/logout", "")).get("status").asText()).isEqualTo("logged-out");
        refused(api.post("/api/agents/2006/logout", ""), 404, "extension");
    }
}
