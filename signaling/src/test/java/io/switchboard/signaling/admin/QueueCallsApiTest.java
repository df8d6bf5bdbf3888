package io.switchboard.signaling.admin;

import static io.switchboard.signaling.admin.QueueApiFixture.json;
import static io.switchboard.signaling.admin.QueueApiFixture.refused;
import static io.switchboard.signaling.admin.QueueApiFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.common.queue.QueueCallLog;
import io.switchboard.common.queue.QueueCallOutcome;
import io.switchboard.common.queue.QueueCallRecord;
import io.switchboard.signaling.cdr.Cdr;
import io.switchboard.signaling.cdr.CdrStore;
import io.switchboard.signaling.cdr.Disposition;
import io.switchboard.signaling.queue.QueueCallWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queue call records end to end on signaling's side: published by a queue node's {@link QueueCallLog}
 * into a real Hazelcast member, taken and stored in {@code queue_calls} (H2, migrated as at start) by
 * the {@link QueueCallWriter}, served by {@code GET /api/queues/{name}/calls} over real HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueCallsApiTest {
    private static final long T0 = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();
    private QueueApiFixture api;
    private QueueCallLog queueNode;
    private QueueCallWriter writer;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        api = new QueueApiFixture(dataDir);
        api.users("1001", "1002");
        status(api.post("/api/queues", "{\"name\": \"sales\", \"number\": \"7300\", \"members\": [\"1001\", \"1002\"]}"), 201);
        status(api.post("/api/queues", "{\"name\": \"gone\", \"number\": \"7301\"}"), 201);
        queueNode = new QueueCallLog(api.hz);
        writer = new QueueCallWriter(new QueueCallLog(api.hz), api.queueCalls, metrics);
    }

    @AfterAll
    void stop() {
        writer.close();
        queueNode.close();
        api.close();
    }

    @Test
    void publishedRecordsAreStoredAndServedNewestFirst() throws Exception {
        queueNode.publish(record("r1", "sales", "5551001", 0, 12_000, QueueCallOutcome.ANSWERED, "1001", "", "sig-1"));
        queueNode.publish(record("r2", "sales", "5551002", 1_000, 4_000, QueueCallOutcome.ABANDONED, "", "", "sig-2"));
        queueNode.publish(record("r3", "sales", "5551003", 2_000, 602_000, QueueCallOutcome.TIMEOUT, "", "7000", "sig-3"));
        queueNode.publish(record("o1", "gone", "5551009", 0, 1_000, QueueCallOutcome.FULL, "", "", "sig-9"));

        JsonNode items = awaitItems("/api/queues/sales/calls", 3);

        assertThat(items).extracting(i -> i.get("id").asText()).containsExactly("r3", "r1", "r2");
        JsonNode answered = items.get(1);
        assertThat(answered.get("queue").asText()).isEqualTo("sales");
        assertThat(answered.get("caller").asText()).isEqualTo("5551001");
        assertThat(answered.get("outcome").asText()).isEqualTo("answered");
        assertThat(answered.get("agent").asText()).isEqualTo("1001");
        assertThat(answered.get("waitMillis").asLong()).isEqualTo(12_000);
        assertThat(answered.get("joinedAt").asText()).isEqualTo("2026-03-02T10:00:00Z");
        assertThat(answered.get("endedAt").asText()).isEqualTo("2026-03-02T10:00:12Z");
        assertThat(answered.get("callId").asText()).isEqualTo("sig-1");
        assertThat(answered.get("agentCallId").asText()).isEqualTo("sig-1");
        assertThat(answered.get("callback").asBoolean()).isFalse();
        assertThat(answered.get("node").asText()).isEqualTo("queue-1");
        assertThat(items.get(0).get("outcome").asText()).isEqualTo("timeout");
        assertThat(items.get(0).get("destination").asText()).isEqualTo("7000");

        JsonNode limited = json(api.get("/api/queues/sales/calls?limit=1"));
        assertThat(limited.get("limit").asInt()).isEqualTo(1);
        assertThat(limited.get("items")).extracting(i -> i.get("id").asText()).containsExactly("r3");
        assertThat(metrics.counter("queue.calls.written").count()).isGreaterThanOrEqualTo(4.0);

        // A deleted queue keeps its history.
        awaitItems("/api/queues/gone/calls", 1);
        status(api.delete("/api/queues/gone"), 204);
        assertThat(json(api.get("/api/queues/gone/calls")).get("items")).hasSize(1);
    }

    @Test
    void theRecordFindsTheAgentsSideInTheCdrsByCallId() throws Exception {
        queueNode.publish(record("link-1", "linked", "5551020", 0, 9_000, QueueCallOutcome.ANSWERED, "1002", "", "sig-20"));
        awaitItems("/api/queues/linked/calls", 1, "link-1"); // records of a queue not (or no longer) defined
        // The caller's call, which the agent was joined into: its callee became the agent.
        new CdrStore(api.database.dataSource()).insert(new Cdr("cdr-20", "sig-20", "5551020", "1002",
                Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 1_000), Instant.ofEpochMilli(T0 + 70_000), 69_000,
                Disposition.ANSWERED, 200, "caller", "media-1"));

        try (Connection c = api.database.dataSource().getConnection();
             PreparedStatement p = c.prepareStatement("SELECT q.agent, c.callee, c.ended_at FROM queue_calls q "
                     + "JOIN cdrs c ON c.call_id = q.agent_call_id WHERE q.id = ?")) {
            p.setString(1, "link-1");
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("1002");
                assertThat(rs.getString(2)).isEqualTo("1002");
                assertThat(rs.getTimestamp(3).toInstant()).isEqualTo(Instant.ofEpochMilli(T0 + 70_000));
            }
        }
    }

    @Test
    void anUnknownQueueIs404AndABadLimitIs400() throws Exception {
        refused(api.get("/api/queues/nosuch/calls"), 404, "name");
        refused(api.get("/api/queues/sales/calls?limit=0"), 400, "limit");
        refused(api.get("/api/queues/sales/calls?limit=lots"), 400, "limit");
        refused(api.get("/api/queues/sales/calls?limit=1001"), 400, "limit");
        assertThat(json(api.get("/api/queues/sales/calls")).get("limit").asInt()).as("the default").isEqualTo(100);
    }

    @Test
    void needsCredentials() throws Exception {
        status(api.send(api.request("/api/queues/sales/calls").GET().build()), 401);
    }

    private JsonNode awaitItems(String path, int atLeast, String... ids) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            last[0] = json(api.get(path)).get("items");
            assertThat(last[0].size()).isGreaterThanOrEqualTo(atLeast);
            if (ids.length > 0) {
                assertThat(last[0]).extracting(i -> i.get("id").asText()).contains(ids);
            }
        });
        return last[0];
    }

    private static QueueCallRecord record(String id, String queue, String caller, long joined, long ended,
                                          QueueCallOutcome outcome, String agent, String destination, String callId) {
        return new QueueCallRecord(id, queue, caller, T0 + joined, T0 + ended, ended - joined, outcome, agent,
                destination, false, callId, outcome == QueueCallOutcome.ANSWERED ? callId : "", "queue-1");
    }
}
