package io.switchboard.signaling.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.common.queue.AgentState;
import io.switchboard.common.queue.AgentStatus;
import io.switchboard.common.queue.QueueAgents;
import io.switchboard.common.queue.QueueCallRecord;
import io.switchboard.common.queue.QueueDefinition;
import io.switchboard.common.queue.QueueMember;
import io.switchboard.common.queue.QueueStats;
import io.switchboard.common.queue.QueueStatsBoard;
import io.switchboard.signaling.queue.QueueCallStore;
import io.switchboard.signaling.queue.QueueDirectory;
import io.switchboard.signaling.queue.QueueDirectoryException;
import io.switchboard.signaling.queue.QueueJson;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /api/queues}: call queues as JSON, every field of the definition under its name
 * ({@link QueueJson}); a missing field takes the shipped default ({@link QueueDefinition#defaults}).
 * Refusals name the field: 400 for a bad value or an unknown field, 404 for an unknown queue or
 * agent, 409 for a name or number that is taken. {@code /api/queues/{name}/calls} lists the queue's
 * callers as the queue nodes recorded them ({@code queue_calls}), newest first.
 */
public final class QueueRoutes implements AdminRoutes {
    private final QueueDirectory directory;
    private final QueueAgents agents;
    private static final int DEFAULT_CALLS = 100;
    private static final int MAX_CALLS = 1000;
    private final QueueStatsBoard stats;
    private final QueueCallStore calls;

    public QueueRoutes(QueueDirectory directory, QueueAgents agents, QueueStatsBoard stats, QueueCallStore calls) {
        this.directory = directory;
        this.agents = agents;
        this.stats = stats;
        this.calls = calls;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/queues", this::list);
        routes.post("/api/queues", this::create);
        routes.get("/api/queues/{name}", this::get);
        routes.put("/api/queues/{name}", this::replace);
        routes.delete("/api/queues/{name}", this::delete);
        routes.get("/api/queues/{name}/stats", this::stats);
        routes.get("/api/queues/{name}/calls", this::calls);
        routes.post("/api/queues/{name}/members", this::addMember);
        routes.delete("/api/queues/{name}/members/{extension}", this::removeMember);
    }

    private void list(Context ctx) {
        ArrayNode items = AdminJson.mapper().createArrayNode();
        directory.list().forEach(q -> items.add(QueueJson.toJson(q)));
        ctx.json(Map.of("items", items));
    }

    private void get(Context ctx) {
        ctx.json(QueueJson.toJson(find(ctx.pathParam("name"))));
    }

    private void create(Context ctx) {
        ObjectNode body = AdminJson.object(ctx);
        String name = AdminJson.string(body, "name").orElseThrow(() -> ApiException.badRequest("name", "name is missing"));
        String number = AdminJson.string(body, "number")
                .orElseThrow(() -> ApiException.badRequest("number", "number is missing"));
        QueueDefinition queue = mapped(() -> directory.create(QueueJson.fromRequest(body, QueueDefinition.defaults(name, number))));
        ctx.status(201).header("Location", "/api/queues/" + queue.name()).json(QueueJson.toJson(queue));
    }

    /** A full replace: what the body leaves out takes the default, except the number, which stays. */
    private void replace(Context ctx) {
        String name = ctx.pathParam("name");
        ObjectNode body = AdminJson.object(ctx);
        AdminJson.string(body, "name").filter(n -> !n.equals(name)).ifPresent(n -> {
            throw ApiException.badRequest("name", "name '" + n + "' in the body does not match '" + name + "' in the path");
        });
        QueueDefinition current = find(name);
        String number = AdminJson.string(body, "number").orElse(current.number());
        QueueDefinition queue = mapped(() -> directory.replace(QueueJson.fromRequest(body, QueueDefinition.defaults(name, number))));
        ctx.json(QueueJson.toJson(queue));
    }

    private void delete(Context ctx) {
        String name = ctx.pathParam("name");
        if (!directory.delete(name)) {
            throw new ApiException(404, "name", "queue '" + name + "' not found");
        }
        ctx.status(204);
    }

    /**
     * The figures the queue's host publishes; while no queue node hosts it, the same shape with
     * the agents counted from their states and zero callers. Either way with each agent's state.
     */
    private void stats(Context ctx) {
        QueueDefinition queue = find(ctx.pathParam("name"));
        Map<String, AgentState> states = agents.getAll(queue.members().stream().map(QueueMember::extension).toList());
        QueueStats figures = stats.get(queue.name()).orElseGet(() -> computed(queue, states, agents.now()));
        ObjectNode out = AdminJson.mapper().valueToTree(figures);
        out.put("hosted", !figures.node().isEmpty());
        ArrayNode list = out.putArray("agents");
        for (QueueMember m : queue.members()) {
            AgentState s = states.get(m.extension());
            list.addObject().put("extension", m.extension()).put("tier", m.tier()).put("weight", m.weight())
                    .put("status", s.status().label()).put("pauseReason", s.pauseReason()).put("since", s.since());
        }
        ctx.json(out);
    }

    /**
     * The last {@code limit} callers of the queue, newest first. A queue deleted since keeps its
     * records: 404 only when there is neither the queue nor any record of it.
     */
    private void calls(Context ctx) throws SQLException {
        String name = ctx.pathParam("name");
        int limit = QueryParams.integer(ctx, "limit", DEFAULT_CALLS, 1, MAX_CALLS);
        List<QueueCallRecord> recent = calls.recent(name, limit);
        if (recent.isEmpty()) {
            find(name);
        }
        ArrayNode items = AdminJson.mapper().createArrayNode();
        for (QueueCallRecord r : recent) {
            items.addObject().put("id", r.id()).put("queue", r.queue()).put("caller", r.caller())
                    .put("joinedAt", Instant.ofEpochMilli(r.joinedAt()).toString())
                    .put("endedAt", Instant.ofEpochMilli(r.endedAt()).toString())
                    .put("waitMillis", r.waitMillis()).put("outcome", r.outcome().label()).put("agent", r.agent())
                    .put("destination", r.destination()).put("callback", r.callback()).put("callId", r.callId())
                    .put("agentCallId", r.agentCallId()).put("node", r.node());
        }
        ObjectNode out = AdminJson.mapper().createObjectNode();
        out.put("queue", name).put("limit", limit).set("items", items);
        ctx.json(out);
    }

    static QueueStats computed(QueueDefinition queue, Map<String, AgentState> states, long now) {
        int available = 0;
        int busy = 0;
        int paused = 0;
        int loggedOut = 0;
        for (AgentState s : states.values()) {
            if (s.canTakeCall(now)) {
                available++;
            } else if (s.status() == AgentStatus.PAUSED) {
                paused++;
            } else if (s.status() == AgentStatus.LOGGED_OUT) {
                loggedOut++;
            } else {
                busy++;
            }
        }
        return new QueueStats(queue.name(), "", 0, 0, 0, 0, 0, 0, 0, 0, 100, available, busy, paused, loggedOut, now);
    }

    private void addMember(Context ctx) {
        String name = ctx.pathParam("name");
        ObjectNode body = AdminJson.object(ctx);
        AdminJson.onlyFields(body, "extension", "tier", "weight");
        String extension = AdminJson.string(body, "extension")
                .filter(e -> !e.isBlank())
                .orElseThrow(() -> ApiException.badRequest("extension", "extension is missing"));
        QueueMember member = new QueueMember(extension, whole(body, "tier"), whole(body, "weight"));
        QueueDirectory.MemberChange change = mapped(() -> directory.addMember(name, member));
        ctx.status(change.added() ? 201 : 200).json(QueueJson.toJson(change.queue()));
    }

    private void removeMember(Context ctx) {
        mapped(() -> directory.removeMember(ctx.pathParam("name"), ctx.pathParam("extension")));
        ctx.status(204);
    }

    private QueueDefinition find(String name) {
        return directory.get(name).orElseThrow(() -> new ApiException(404, "name", "queue '" + name + "' not found"));
    }

    /** A whole number member, 1 when absent. */
    private static int whole(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return 1;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw ApiException.badRequest(field, field + " must be a whole number, got " + v);
        }
        return v.intValue();
    }

    /** The one place queue refusals become HTTP statuses. */
    static <T> T mapped(Supplier<T> call) {
        try {
            return call.get();
        } catch (QueueDirectoryException e) {
            int status = switch (e.reason()) {
                case INVALID -> 400;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
            };
            throw new ApiException(status, e.field(), e.getMessage());
        }
    }
}
