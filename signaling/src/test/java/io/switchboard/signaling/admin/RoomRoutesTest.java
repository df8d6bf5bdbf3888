package io.switchboard.signaling.admin;

import static io.switchboard.signaling.admin.QueueApiFixture.json;
import static io.switchboard.signaling.admin.QueueApiFixture.refused;
import static io.switchboard.signaling.admin.QueueApiFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.meeting.RoomCommand;
import io.switchboard.common.meeting.RoomCommand.Action;
import io.switchboard.common.meeting.RoomOwners;
import io.switchboard.common.meeting.RoomParticipant;
import io.switchboard.common.meeting.RoomState;
import io.switchboard.signaling.dialplan.Destination;
import io.switchboard.signaling.dialplan.ServiceKind;
import io.switchboard.signaling.room.RoomJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/rooms} over real HTTP: stored in H2, published to a real Hazelcast member, routed by the number plan. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoomRoutesTest {
    private QueueApiFixture api;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        api = new QueueApiFixture(dataDir);
        api.users("1001");
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void createListGetReplaceDelete() throws Exception {
        HttpResponse<String> created = api.post("/api/rooms", """
                {"number": "9000", "name": "Board", "pin": "1234", "moderatorPin": "9876", "maxParticipants": 20,
                 "waitForModerator": true, "record": true, "announceJoinLeave": true, "talkers": 4}""");
        status(created, 201);
        assertThat(created.headers().firstValue("Location")).contains("/api/rooms/9000");
        JsonNode board = json(created);
        assertThat(fieldNames(board)).as("every field of the definition").isEqualTo(RoomJson.fieldNames());
        assertThat(board.get("pin").asText()).isEqualTo("1234");
        assertThat(board.get("maxParticipants").asInt()).isEqualTo(20);
        assertThat(board.get("waitForModerator").asBoolean()).isTrue();
        assertThat(board.get("talkers").asInt()).isEqualTo(4);

        JsonNode listed = find(json(api.get("/api/rooms")).get("items"), "9000");
        assertThat(listed).isEqualTo(board);
        JsonNode got = json(api.get("/api/rooms/9000"));
        assertThat(got.get("live").isNull()).as("nobody is in").isTrue();
        assertThat((JsonNode) ((com.fasterxml.jackson.databind.node.ObjectNode) got).without("live")).isEqualTo(board);

        HttpResponse<String> replaced = api.put("/api/rooms/9000", "{\"talkers\": 2}");
        status(replaced, 200);
        JsonNode after = json(replaced);
        assertThat(after.get("name").asText()).as("the name stays when left out").isEqualTo("Board");
        assertThat(after.get("pin").asText()).as("a full replace: back to the default").isEmpty();
        assertThat(after.get("maxParticipants").asInt()).isEqualTo(1000);
        assertThat(after.get("talkers").asInt()).isEqualTo(2);
        assertThat(api.roomDefinitions.byNumber("9000")).hasValueSatisfying(r -> assertThat(r.talkers()).isEqualTo(2));
        assertThat(api.roomStore.find("9000")).hasValueSatisfying(r -> assertThat(r.record()).isFalse());

        status(api.delete("/api/rooms/9000"), 204);
        assertThat(api.roomDefinitions.byNumber("9000")).as("withdrawn from the cluster").isEmpty();
        assertThat(api.roomStore.find("9000")).isEmpty();
    }

    @Test
    void aStoredRoomIsRoutedToTheMeetingRoleAndItsHostFirst() throws Exception {
        status(api.post("/api/rooms", "{\"number\": \"9010\", \"name\": \"Standup\"}"), 201);

        assertThat(api.plan.resolve("9010")).isEqualTo(new Destination.Service(ServiceKind.MEETING, "9010", "9010"));
        RoomOwners owners = new RoomOwners(api.hz);
        owners.claim("9010", "meeting-a", node -> true);
        Destination hosted = new Destination.Service(ServiceKind.MEETING, "9010", "9010", "meeting-a");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!api.plan.resolve("9010").equals(hosted) && System.nanoTime() < deadline) {
            Thread.sleep(20); // the plan's copy of room-owners follows entry events
        }
        assertThat(api.plan.resolve("9010")).isEqualTo(hosted);
        owners.release("9010", "meeting-a");

        status(api.delete("/api/rooms/9010"), 204);
        assertThat(api.plan.resolve("9010")).isEqualTo(new Destination.User("9010"));
    }

    @Test
    void eachBadFieldIs400NamingIt() throws Exception {
        assertThat(refused(api.post("/api/rooms", "{\"number\": \"90a\", \"name\": \"B\"}"), 400, "number"))
                .isEqualTo("number must be 2-15 digits, got '90a'");
        assertThat(refused(api.post("/api/rooms", "{\"name\": \"B\"}"), 400, "number")).isEqualTo("number is missing");
        assertThat(refused(api.post("/api/rooms", "{\"number\": \"9020\"}"), 400, "name")).isEqualTo("name is missing");
        refused(api.post("/api/rooms", "{\"number\": \"9020\", \"name\": \"\"}"), 400, "name");
        refused(api.post("/api/rooms", "{\"number\": 9020, \"name\": \"B\"}"), 400, "number");
        assertThat(refused(api.post("/api/rooms", "{\"number\": \"9020\", \"name\": \"B\", \"pin\": \"12ab\"}"), 400, "pin"))
                .isEqualTo("pin must be 1-16 digits or empty");
        refused(api.post("/api/rooms", "{\"number\": \"9020\", \"name\": \"B\", \"pin\": 1234}"), 400, "pin");
        refused(api.post("/api/rooms", "{\"number\": \"9020\", \"name\": \"B\", \"moderatorPin\": \"x\"}"), 400, "moderatorPin");
        refused(api.post("/api/rooms", "{\"number\": \"9020\", \"name\": \"B\", \"pin\": \"1\", \"moderatorPin\": \"1\"}"),
                400, "moderatorPin");
        assertThat(refused(api.post("/api/rooms", "{\"number\": \"9020\", \"name\": \"B\", \"maxParticipants\": 0}"),
                400, "maxParticipants")).isEqualTo("maxParticipants must be 1-10000, got 0");
        assertThat(refused(api.post("/api/rooms", "{\"number\": \"9020\", \"name\": \"B\", \"maxParticipants\": \"5\"}"),
                400, "maxParticipants")).isEqualTo("maxParticipants must be a whole number, got \"5\"");
        refused(api.post("/api/rooms", "{\"number\": \"9020\", \"name\": \"B\", \"waitForModerator\": true}"), 400, "waitForModerator");
        refused(api.post("/api/rooms", "{\"number\": \"9020\", \"name\": \"B\", \"waitForModerator\": \"yes\"}"), 400, "waitForModerator");
        refused(api.post("/api/rooms", "{\"number\": \"9020\", \"name\": \"B\", \"record\": 1}"), 400, "record");
        refused(api.post("/api/rooms", "{\"number\": \"9020\", \"name\": \"B\", \"announceJoinLeave\": \"no\"}"), 400, "announceJoinLeave");
        refused(api.post("/api/rooms", "{\"number\": \"9020\", \"name\": \"B\", \"talkers\": 11}"), 400, "talkers");
        refused(api.post("/api/rooms", "{\"number\": \"9020\", \"name\": \"B\", \"talkers\": 2.5}"), 400, "talkers");
        assertThat(refused(api.post("/api/rooms", "{\"number\": \"9020\", \"name\": \"B\", \"talker\": 2}"), 400, "talker"))
                .startsWith("unknown field 'talker' (expected number, name, pin, moderatorPin, ");
        refused(api.post("/api/rooms", "[1]"), 400, "body");
        refused(api.post("/api/rooms", "{\"number\": "), 400, "body");
        status(api.get("/api/rooms/9020"), 404);

        status(api.post("/api/rooms", "{\"number\": \"9021\", \"name\": \"B\"}"), 201);
        refused(api.put("/api/rooms/9021", "{\"talkers\": 0}"), 400, "talkers");
        refused(api.put("/api/rooms/9021", "{\"number\": \"9022\"}"), 400, "number");
        assertThat(api.roomStore.find("9021")).hasValueSatisfying(r -> assertThat(r.talkers()).isEqualTo(3));
        status(api.delete("/api/rooms/9021"), 204);
    }

    @Test
    void anUnknownRoomIs404ForEveryRoute() throws Exception {
        assertThat(refused(api.get("/api/rooms/9099"), 404, "number")).isEqualTo("room 9099 not found");
        refused(api.put("/api/rooms/9099", "{\"name\": \"B\"}"), 404, "number");
        refused(api.delete("/api/rooms/9099"), 404, "number");
        refused(api.post("/api/rooms/9099/lock", ""), 404, "number");
        refused(api.post("/api/rooms/9099/participants/p1/kick", ""), 404, "number");
    }

    @Test
    void aNumberHeldByAUserAnIvrAppAQueueOrAnotherRoomIs409() throws Exception {
        assertThat(refused(api.post("/api/rooms", "{\"number\": \"1001\", \"name\": \"B\"}"), 409, "number"))
                .isEqualTo("number 1001 is the extension of a user: choose another number or remove the user");

        status(api.putYaml("/api/ivr/roomdemo", """
                name: roomdemo
                number: "8030"
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
        assertThat(refused(api.post("/api/rooms", "{\"number\": \"8030\", \"name\": \"B\"}"), 409, "number"))
                .isEqualTo("number 8030 is the number of the IVR application 'roomdemo': choose another number");
        status(api.delete("/api/ivr/roomdemo"), 204);

        status(api.post("/api/queues", "{\"name\": \"roomclash\", \"number\": \"9030\"}"), 201);
        assertThat(refused(api.post("/api/rooms", "{\"number\": \"9030\", \"name\": \"B\"}"), 409, "number"))
                .isEqualTo("number 9030 is the number of the queue 'roomclash': choose another number");
        status(api.delete("/api/queues/roomclash"), 204);

        status(api.post("/api/rooms", "{\"number\": \"9031\", \"name\": \"B\"}"), 201);
        assertThat(refused(api.post("/api/rooms", "{\"number\": \"9031\", \"name\": \"C\"}"), 409, "number"))
                .isEqualTo("room 9031 already exists");
        status(api.delete("/api/rooms/9031"), 204);
    }

    @Test
    void aQueueOrAUserCannotTakeARoomsNumber() throws Exception {
        status(api.post("/api/rooms", "{\"number\": \"9040\", \"name\": \"Held\"}"), 201);

        assertThat(refused(api.post("/api/queues", "{\"name\": \"q9040\", \"number\": \"9040\"}"), 409, "number"))
                .isEqualTo("number 9040 is the number of the meeting room '9040': choose another number");
        assertThat(refused(api.post("/api/users",
                "{\"extension\": \"9040\", \"password\": \"" + QueueApiFixture.SIP_PASSWORD + "\"}"), 409, "extension"))
                .isEqualTo("extension '9040' is the number of the meeting room '9040': choose another extension or renumber it");
        status(api.delete("/api/rooms/9040"), 204);
    }

    @Test
    void anOpenRoomShowsItsLiveState() throws Exception {
        status(api.post("/api/rooms", "{\"number\": \"9050\", \"name\": \"Live\"}"), 201);
        new io.switchboard.common.meeting.RoomParts(api.hz).join("9050", "meeting-a");
        api.roomBoard.publish(new RoomState("9050", "meeting-a", List.of(
                new RoomParticipant("p1", "1001", "Alice", "PCMU", true, false, true, 1_700_000_000_000L),
                new RoomParticipant("p2", "1002", "Bob", "G722", false, true, false, 1_700_000_001_000L)),
                true, "/data/recordings/9050.wav", 1_700_000_002_000L));

        JsonNode live = awaitLive("/api/rooms/9050");
        assertThat(live.get("node").asText()).isEqualTo("meeting-a");
        assertThat(live.get("locked").asBoolean()).isTrue();
        assertThat(live.get("recording").asBoolean()).isTrue();
        assertThat(live.get("recordingFile").asText()).isEqualTo("/data/recordings/9050.wav");
        JsonNode alice = live.get("participants").get(0);
        assertThat(fieldNames(alice)).containsExactly("id", "caller", "displayName", "codec", "talking", "muted",
                "moderator", "joinedAt");
        assertThat(alice.get("id").asText()).isEqualTo("p1");
        assertThat(alice.get("displayName").asText()).isEqualTo("Alice");
        assertThat(alice.get("talking").asBoolean()).isTrue();
        assertThat(alice.get("moderator").asBoolean()).isTrue();
        assertThat(alice.get("joinedAt").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(live.get("participants").get(1).get("muted").asBoolean()).isTrue();

        api.roomBoard.closed("9050", "meeting-a");
        new io.switchboard.common.meeting.RoomParts(api.hz).leave("9050", "meeting-a");
        status(api.delete("/api/rooms/9050"), 204);
    }

    @Test
    void roomActionsAreAcceptedAndPublishedForTheHost() throws Exception {
        status(api.post("/api/rooms", "{\"number\": \"9060\", \"name\": \"Act\"}"), 201);
        BlockingQueue<RoomCommand> heard = new LinkedBlockingQueue<>();
        java.util.UUID listener = api.roomCommands.listen(heard::add);
        try {
            String[][] actions = {{"participants/p1/mute", "MUTE", "p1"}, {"participants/p1/unmute", "UNMUTE", "p1"},
                    {"participants/p2/kick", "KICK", "p2"}, {"lock", "LOCK", ""}, {"unlock", "UNLOCK", ""},
                    {"record/start", "RECORD_START", ""}, {"record/stop", "RECORD_STOP", ""}, {"end", "END", ""}};
            for (String[] a : actions) {
                HttpResponse<String> r = api.post("/api/rooms/9060/" + a[0], "");
                status(r, 202);
                assertThat(json(r).get("room").asText()).isEqualTo("9060");
                assertThat(heard.poll(10, TimeUnit.SECONDS)).as(a[0])
                        .isEqualTo(new RoomCommand("9060", Action.valueOf(a[1]), a[2]));
            }
        } finally {
            api.hz.getTopic(io.switchboard.common.meeting.RoomCommands.TOPIC).removeMessageListener(listener);
        }
        status(api.delete("/api/rooms/9060"), 204);
    }

    /** The room's {@code live} object once the board's asynchronous write has landed. */
    private JsonNode awaitLive(String path) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode live = json(api.get(path)).get("live");
        while (live.isNull() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            live = json(api.get(path)).get("live");
        }
        assertThat(live.isNull()).as("the room shows open").isFalse();
        return live;
    }

    private static JsonNode find(JsonNode items, String number) {
        for (JsonNode i : items) {
            if (i.get("number").asText().equals(number)) {
                return i;
            }
        }
        throw new AssertionError("no room " + number + " in " + items);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
