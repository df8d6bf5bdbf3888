package io.switchboard.signaling.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.common.meeting.RoomBoard;
import io.switchboard.common.meeting.RoomCommand;
import io.switchboard.common.meeting.RoomCommand.Action;
import io.switchboard.common.meeting.RoomCommands;
import io.switchboard.common.meeting.RoomDefinition;
import io.switchboard.common.meeting.RoomParticipant;
import io.switchboard.common.meeting.RoomState;
import io.switchboard.signaling.room.RoomDirectory;
import io.switchboard.signaling.room.RoomDirectoryException;
import io.switchboard.signaling.room.RoomJson;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /api/rooms}: conference rooms as JSON, every field of the definition under its name
 * ({@link RoomJson}), keyed by number; a missing field takes the default of {@link RoomDefinition#of}.
 * Refusals name the field: 400 for a bad value or an unknown field, 404 for an unknown room, 409 for
 * a number that is taken. {@code GET /api/rooms/{number}} adds the open room's live state
 * ({@code live}, null while nobody is in). The room actions are published on {@code room-commands}
 * for the hosting meeting node to carry out, hence 202.
 */
public final class RoomRoutes implements AdminRoutes {
    private final RoomDirectory directory;
    private final RoomBoard board;
    private final RoomCommands commands;

    public RoomRoutes(RoomDirectory directory, RoomBoard board, RoomCommands commands) {
        this.directory = directory;
        this.board = board;
        this.commands = commands;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/rooms", this::list);
        routes.post("/api/rooms", this::create);
        routes.get("/api/rooms/{number}", this::get);
        routes.put("/api/rooms/{number}", this::replace);
        routes.delete("/api/rooms/{number}", this::delete);
        for (Action a : new Action[] {Action.MUTE, Action.UNMUTE, Action.KICK}) {
            routes.post("/api/rooms/{number}/participants/{id}/" + a.name().toLowerCase(Locale.ROOT),
                    ctx -> command(ctx, a, ctx.pathParam("id")));
        }
        roomAction(routes, "lock", Action.LOCK);
        roomAction(routes, "unlock", Action.UNLOCK);
        roomAction(routes, "end", Action.END);
        roomAction(routes, "record/start", Action.RECORD_START);
        roomAction(routes, "record/stop", Action.RECORD_STOP);
    }

    private void roomAction(RoutesConfig routes, String path, Action action) {
        routes.post("/api/rooms/{number}/" + path, ctx -> command(ctx, action, ""));
    }

    private void list(Context ctx) {
        ArrayNode items = AdminJson.mapper().createArrayNode();
        directory.list().forEach(r -> items.add(RoomJson.toJson(r)));
        ctx.json(Map.of("items", items));
    }

    private void get(Context ctx) {
        RoomDefinition room = find(ctx.pathParam("number"));
        ObjectNode out = RoomJson.toJson(room);
        Optional<RoomState> live = board.get(room.number());
        if (live.isPresent()) {
            out.set("live", live(live.get()));
        } else {
            out.putNull("live");
        }
        ctx.json(out);
    }

    private void create(Context ctx) {
        ObjectNode body = AdminJson.object(ctx);
        String number = AdminJson.string(body, "number")
                .orElseThrow(() -> ApiException.badRequest("number", "number is missing"));
        String name = AdminJson.string(body, "name").orElseThrow(() -> ApiException.badRequest("name", "name is missing"));
        RoomDefinition room = mapped(() -> directory.create(RoomJson.fromRequest(body, RoomDefinition.of(number, name))));
        ctx.status(201).header("Location", "/api/rooms/" + room.number()).json(RoomJson.toJson(room));
    }

    /** A full replace: what the body leaves out takes the default, except the name, which stays. */
    private void replace(Context ctx) {
        String number = ctx.pathParam("number");
        ObjectNode body = AdminJson.object(ctx);
        AdminJson.string(body, "number").filter(n -> !n.equals(number)).ifPresent(n -> {
            throw ApiException.badRequest("number", "number '" + n + "' in the body does not match '" + number + "' in the path");
        });
        RoomDefinition current = find(number);
        String name = AdminJson.string(body, "name").orElse(current.name());
        RoomDefinition room = mapped(() -> directory.replace(RoomJson.fromRequest(body, RoomDefinition.of(number, name))));
        ctx.json(RoomJson.toJson(room));
    }

    private void delete(Context ctx) {
        String number = ctx.pathParam("number");
        if (!directory.delete(number)) {
            throw notFound(number);
        }
        ctx.status(204);
    }

    /** Asks the hosting node to act: accepted, not done; a room nobody is in has no host and ignores it. */
    private void command(Context ctx, Action action, String participant) {
        RoomDefinition room = find(ctx.pathParam("number"));
        commands.send(new RoomCommand(room.number(), action, participant));
        ObjectNode out = AdminJson.mapper().createObjectNode();
        out.put("room", room.number()).put("action", action.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .put("participant", participant);
        ctx.status(202).json(out);
    }

    private static ObjectNode live(RoomState state) {
        ObjectNode out = AdminJson.mapper().createObjectNode();
        out.put("node", state.node()).put("locked", state.locked()).put("recording", !state.recording().isEmpty())
                .put("recordingFile", state.recording())
                .put("updatedAt", Instant.ofEpochMilli(state.updatedAt()).toString());
        ArrayNode participants = out.putArray("participants");
        for (RoomParticipant p : state.participants()) {
            participants.addObject().put("id", p.id()).put("caller", p.caller()).put("displayName", p.displayName())
                    .put("codec", p.codec()).put("talking", p.talking()).put("muted", p.muted())
                    .put("moderator", p.moderator()).put("joinedAt", Instant.ofEpochMilli(p.joinedAt()).toString());
        }
        return out;
    }

    private RoomDefinition find(String number) {
        return directory.get(number).orElseThrow(() -> notFound(number));
    }

    private static ApiException notFound(String number) {
        return new ApiException(404, "number", "room " + number + " not found");
    }

    /** The one place room refusals become HTTP statuses. */
    static <T> T mapped(Supplier<T> call) {
        try {
            return call.get();
        } catch (RoomDirectoryException e) {
            int status = switch (e.reason()) {
                case INVALID -> 400;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
            };
            throw new ApiException(status, e.field(), e.getMessage());
        }
    }
}
