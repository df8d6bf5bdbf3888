package io.switchboard.dist;

import static io.switchboard.dist.AdminClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code switchboard room add|list|show|rm}: conference rooms through the running signaling's admin API. */
@Command(name = "room", mixinStandardHelpOptions = true, description = "Manage conference rooms through the admin API.",
        subcommands = {RoomCommand.Add.class, RoomCommand.ListRooms.class, RoomCommand.Show.class, RoomCommand.Remove.class})
final class RoomCommand {
    static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    AdminOptions admin;

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a room; what is not given takes the default (no PINs, 1000 participants, the 3 loudest mixed).")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        RoomCommand parent;
        @Parameters(paramLabel = "NUMBER", description = "the number callers dial, 2-15 digits")
        String number;
        @Option(names = "--name", required = true, paramLabel = "N", description = "what you call it, 1-64 characters")
        String name;
        @Option(names = "--pin", paramLabel = "P", description = "digits a participant enters to join")
        String pin;
        @Option(names = "--moderator-pin", paramLabel = "P", description = "digits that make a participant moderator")
        String moderatorPin;
        @Option(names = "--max-participants", paramLabel = "N", description = "participants at most (1-10000)")
        Integer maxParticipants;
        @Option(names = "--wait-for-moderator", description = "music on hold until a moderator joins (needs --moderator-pin)")
        boolean waitForModerator;
        @Option(names = "--record", description = "record the room from its first participant on")
        boolean record;
        @Option(names = "--announce", description = "a tone when someone joins or leaves")
        boolean announce;
        @Option(names = "--talkers", paramLabel = "N", description = "loudest talkers mixed at once (1-10)")
        Integer talkers;

        @Override
        public Integer call() {
            ObjectNode body = JSON.createObjectNode().put("number", number).put("name", name)
                    .put("waitForModerator", waitForModerator).put("record", record).put("announceJoinLeave", announce);
            if (pin != null) {
                body.put("pin", pin);
            }
            if (moderatorPin != null) {
                body.put("moderatorPin", moderatorPin);
            }
            if (maxParticipants != null) {
                body.put("maxParticipants", maxParticipants);
            }
            if (talkers != null) {
                body.put("talkers", talkers);
            }
            JsonNode r = read(parent.admin.client().postJson("api/rooms", body.toString()));
            System.out.printf("added room %s (%s)%n", r.path("number").asText(), r.path("name").asText());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List rooms with their settings.")
    static final class ListRooms implements Callable<Integer> {
        @ParentCommand
        RoomCommand parent;

        @Override
        public Integer call() {
            JsonNode items = read(parent.admin.client().get("api/rooms")).path("items");
            System.out.printf("%-16s %-24s %-5s %-9s %-6s %s%n", "NUMBER", "NAME", "PIN", "MODERATOR", "MAX", "TALKERS");
            for (JsonNode r : items) {
                System.out.printf("%-16s %-24s %-5s %-9s %-6d %d%n", r.path("number").asText(), r.path("name").asText(),
                        yesNo(r.path("pin")), yesNo(r.path("moderatorPin")), r.path("maxParticipants").asInt(),
                        r.path("talkers").asInt());
            }
            System.out.printf("(%d %s)%n", items.size(), items.size() == 1 ? "room" : "rooms");
            return 0;
        }

        private static String yesNo(JsonNode pin) {
            return pin.asText().isEmpty() ? "no" : "yes";
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a room's definition and, while it is open, who is in.")
    static final class Show implements Callable<Integer> {
        private static final Set<String> HEADED = Set.of("number", "name", "live");

        @ParentCommand
        RoomCommand parent;
        @Parameters(paramLabel = "NUMBER")
        String number;

        @Override
        public Integer call() {
            JsonNode r = read(parent.admin.client().get("api/rooms/" + segment(number)));
            System.out.printf("room %s (%s)%n", r.path("number").asText(), r.path("name").asText());
            for (Map.Entry<String, JsonNode> f : r.properties()) {
                if (!HEADED.contains(f.getKey())) {
                    String shown = f.getValue().asText();
                    System.out.printf("  %-20s %s%n", f.getKey(), shown.isEmpty() ? "-" : shown);
                }
            }
            JsonNode live = r.path("live");
            if (!live.isObject()) {
                System.out.println("closed (nobody is in)");
                return 0;
            }
            System.out.printf("open on %s%s%s%n", live.path("node").asText(), live.path("locked").asBoolean() ? ", locked" : "",
                    live.path("recording").asBoolean() ? ", recording to " + live.path("recordingFile").asText() : "");
            System.out.printf("  %-10s %-16s %-20s %-6s %-20s %s%n", "ID", "CALLER", "NAME", "CODEC", "JOINED", "STATE");
            for (JsonNode p : live.path("participants")) {
                String state = String.join(" ", p.path("moderator").asBoolean() ? "moderator" : "",
                        p.path("muted").asBoolean() ? "muted" : "", p.path("talking").asBoolean() ? "talking" : "").strip();
                System.out.printf("  %-10s %-16s %-20s %-6s %-20s %s%n", p.path("id").asText(), p.path("caller").asText(),
                        p.path("displayName").asText(), p.path("codec").asText(), p.path("joinedAt").asText(),
                        state.replaceAll(" +", " "));
            }
            System.out.printf("(%d in the room)%n", live.path("participants").size());
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete a room.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        RoomCommand parent;
        @Parameters(paramLabel = "NUMBER")
        String number;

        @Override
        public Integer call() {
            parent.admin.client().delete("api/rooms/" + segment(number));
            System.out.println("removed room " + number);
            return 0;
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AdminClient.ApiError("the admin API answered something that is not JSON: " + e.getMessage());
        }
    }
}
