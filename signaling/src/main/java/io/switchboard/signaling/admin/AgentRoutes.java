package io.switchboard.signaling.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.common.queue.AgentState;
import io.switchboard.common.queue.AgentStatus;
import io.switchboard.common.queue.QueueAgents;
import io.switchboard.common.queue.QueueDefinition;
import io.switchboard.common.queue.QueueDefinitions;
import io.switchboard.common.queue.QueueMember;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code /api/agents}: the members of the queues and their state in the cluster
 * ({@code queue-agents}). An agent is one person across all its queues: it logs in, pauses and
 * logs out once for all of them. Membership is managed under {@code /api/queues/{name}/members}.
 */
public final class AgentRoutes implements AdminRoutes {
    static final int MAX_REASON_LENGTH = 64;

    private final QueueDefinitions queues;
    private final QueueAgents agents;

    public AgentRoutes(QueueDefinitions queues, QueueAgents agents) {
        this.queues = queues;
        this.agents = agents;
    }

    /** What the API shows of an agent. */
    public record AgentView(String extension, String status, String pauseReason, long since, List<String> queues,
                            long answered, int misses) {
        static AgentView of(AgentState s, List<String> queues) {
            return new AgentView(s.extension(), s.status().label(), s.pauseReason(), s.since(), queues, s.answered(),
                    s.misses());
        }
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/agents", this::list);
        routes.get("/api/agents/{ext}", ctx -> ctx.json(view(member(ctx))));
        routes.post("/api/agents/{ext}/login", ctx -> ctx.json(view(agents.login(member(ctx)))));
        routes.post("/api/agents/{ext}/logout", this::logout);
        routes.post("/api/agents/{ext}/pause", this::pause);
        routes.post("/api/agents/{ext}/unpause", this::unpause);
    }

    private void list(Context ctx) {
        Map<String, List<String>> byAgent = new TreeMap<>();
        for (QueueDefinition q : queues.all()) {
            for (QueueMember m : q.members()) {
                byAgent.computeIfAbsent(m.extension(), e -> new ArrayList<>()).add(q.name());
            }
        }
        Map<String, AgentState> states = agents.getAll(byAgent.keySet());
        List<AgentView> items = byAgent.entrySet().stream()
                .map(e -> AgentView.of(states.get(e.getKey()), e.getValue())).toList();
        ctx.json(Map.of("items", items));
    }

    /** An agent that left its last queue while logged in may still be logged out. */
    private void logout(Context ctx) {
        String ext = ctx.pathParam("ext");
        if (queues.ofAgent(ext).isEmpty() && !agents.get(ext).loggedIn()) {
            throw notAMember(ext);
        }
        ctx.json(view(agents.logout(ext)));
    }

    private void pause(Context ctx) {
        String ext = member(ctx);
        Optional<String> reason = Optional.empty();
        if (!ctx.body().isBlank()) {
            ObjectNode body = AdminJson.object(ctx);
            AdminJson.onlyFields(body, "reason");
            reason = AdminJson.string(body, "reason");
        }
        reason.filter(r -> r.length() > MAX_REASON_LENGTH || r.chars().anyMatch(Character::isISOControl)).ifPresent(r -> {
            throw ApiException.badRequest("reason", "reason must be at most " + MAX_REASON_LENGTH
                    + " characters with no control characters");
        });
        String why = reason.orElse(null);
        AgentState paused = agents.pause(ext, why).orElseThrow(() -> loggedOut(ext, "pause"));
        ctx.json(view(paused));
    }

    /** Unpausing an agent that is not paused changes nothing; a logged-out one is refused. */
    private void unpause(Context ctx) {
        String ext = member(ctx);
        Optional<AgentState> unpaused = agents.unpause(ext);
        AgentState now = unpaused.orElseGet(() -> agents.get(ext));
        if (now.status() == AgentStatus.LOGGED_OUT) {
            throw loggedOut(ext, "unpause");
        }
        ctx.json(view(now));
    }

    /** The path's extension when it is an agent of some queue; else 404. */
    private String member(Context ctx) {
        String ext = ctx.pathParam("ext");
        if (queues.ofAgent(ext).isEmpty()) {
            throw notAMember(ext);
        }
        return ext;
    }

    private AgentView view(String ext) {
        return view(agents.get(ext));
    }

    private AgentView view(AgentState s) {
        return AgentView.of(s, queues.ofAgent(s.extension()).stream().map(QueueDefinition::name).toList());
    }

    private static ApiException notAMember(String ext) {
        return new ApiException(404, "extension", "agent " + ext + " is not a member of any queue");
    }

    private static ApiException loggedOut(String ext, String what) {
        return ApiException.conflict("extension", "agent " + ext + " is logged out: log in before you " + what);
    }
}
