package io.switchboard.meeting.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.conference.Seat;
import io.switchboard.common.meeting.RoomBoard;
import io.switchboard.common.meeting.RoomCommands;
import io.switchboard.common.meeting.RoomDefinition;
import io.switchboard.common.meeting.RoomDefinitions;
import io.switchboard.common.meeting.RoomMaps;
import io.switchboard.common.meeting.RoomOwners;
import io.switchboard.common.meeting.RoomParts;
import io.switchboard.common.meeting.RoomTrunks;
import io.switchboard.common.worker.CallEnd;
import io.switchboard.common.worker.WorkerSession;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A room's join flow and in-room keys, driven as the worker skeleton drives a session (started,
 * digits, prompts finished, ended) on fake calls, with a real Hazelcast member for the room maps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoomSessionTest {
    private HazelcastInstance hz;
    private ScheduledThreadPoolExecutor timers;
    private RoomHost host;
    private RoomDefinitions definitions;
    @TempDir
    Path recordings;

    @BeforeAll
    void startCluster() {
        Config config = new Config();
        config.setClusterName("room-session-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.getNetworkConfig().setPort(5991).setPortAutoIncrement(true);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        RoomMaps.configure(config);
        hz = Hazelcast.newHazelcastInstance(config);
        definitions = new RoomDefinitions(hz);
    }

    @AfterAll
    void stopCluster() {
        hz.getLifecycleService().terminate();
    }

    @BeforeEach
    void newNode() {
        timers = new ScheduledThreadPoolExecutor(1);
        host = new RoomHost(new MeetingContext("meeting-t", "127.0.0.1", definitions, new RoomOwners(hz), new RoomParts(hz),
                new RoomTrunks(hz), new RoomBoard(hz), new RoomCommands(hz), List::of, name -> true, () -> 0, 100, 0,
                () -> null, timers, new RoomMeters(), recordings));
    }

    @AfterEach
    void stopNode() {
        host.close();
        timers.shutdownNow();
    }

    @Test
    void threeWrongPinsAreRefusedAndTheCallerIsHungUpAfterHearingSo() {
        room(new RoomDefinition("9201", "pin", "1234", "", 10, false, false, false, 3));
        FakeCall c = new FakeCall("1001");
        WorkerSession s = join(c, "9201");
        assertThat(c.played).containsExactly("conf-enter-pin");

        press(s, "1111#");
        press(s, "2222#");
        assertThat(c.hungUp).isFalse();
        press(s, "3333#");

        assertThat(c.played).containsExactly("conf-enter-pin", "conf-pin-wrong", "conf-pin-wrong", "conf-pin-wrong");
        assertThat(c.hungUp).as("hung up only once the prompt ended").isFalse();
        s.onPromptFinished(c.lastPlayId);
        assertThat(c.hungUp).isTrue();
        assertThat(host.openRooms()).isZero();
        assertThat(host.meters().pinsRefused()).isEqualTo(1);
    }

    @Test
    void theRightPinSeatsTheFirstParticipantWhoHearsItIsAloneThenTheRoom() {
        room(new RoomDefinition("9202", "pin", "1234", "", 10, false, false, false, 3));
        FakeCall c = new FakeCall("1001");
        WorkerSession s = join(c, "9202");

        press(s, "1234#");

        assertThat(c.playing()).isEqualTo("conf-only-participant");
        assertThat(c.sink).isInstanceOf(Seat.class);
        s.onPromptFinished(c.lastPlayId);
        assertThat(c.source).as("hears the room after the prompt").isSameAs(c.sink);
        assertThat(host.open()).containsExactly("9202");
        s.onEnded(CallEnd.CALLER_HUNG_UP);
        assertThat(host.open()).isEmpty();
    }

    @Test
    void starSixMutesAndUnmutesAndTheSeatFollows() {
        room(RoomDefinition.of("9203", "mute"));
        FakeCall c = new FakeCall("1001");
        WorkerSession s = join(c, "9203");
        Seat seat = (Seat) c.sink;

        press(s, "*6");
        assertThat(seat.muted()).isTrue();
        assertThat(c.playing()).isEqualTo("conf-muted");
        press(s, "*6");
        assertThat(seat.muted()).isFalse();
        assertThat(c.playing()).isEqualTo("conf-unmuted");
    }

    @Test
    void onlyAModeratorLocksAndALockedRoomTurnsNewcomersAwayButNotModerators() {
        room(new RoomDefinition("9204", "lock", "", "8888", 10, false, false, false, 3));
        FakeCall alice = new FakeCall("1001");
        WorkerSession a = join(alice, "9204");

        press(a, "*2");
        assertThat(alice.playing()).isEqualTo("conf-not-moderator");
        press(a, "*88888#");
        assertThat(alice.playing()).isEqualTo("conf-moderator");
        press(a, "*2");
        assertThat(alice.playing()).isEqualTo("conf-room-locked");

        FakeCall bob = new FakeCall("1002");
        WorkerSession b = join(bob, "9204");
        assertThat(bob.playing()).isEqualTo("conf-locked");
        b.onPromptFinished(bob.lastPlayId);
        assertThat(bob.hungUp).isTrue();

        press(a, "*2");
        assertThat(alice.playing()).isEqualTo("conf-room-unlocked");
        FakeCall carol = new FakeCall("1003");
        join(carol, "9204");
        assertThat(carol.hungUp).isFalse();
        assertThat(carol.sink).isInstanceOf(Seat.class);
    }

    @Test
    void aModeratorsStarOneMutesEveryoneElseAndAgainUnmutes() {
        room(new RoomDefinition("9205", "mute-all", "", "8888", 10, false, false, false, 3));
        FakeCall mod = new FakeCall("1001");
        WorkerSession m = join(mod, "9205");
        press(m, "*88888#");
        FakeCall other = new FakeCall("1002");
        join(other, "9205");

        press(m, "*1");
        assertThat(((Seat) other.sink).muted()).isTrue();
        assertThat(((Seat) mod.sink).muted()).as("the moderator stays unmuted").isFalse();
        press(m, "*1");
        assertThat(((Seat) other.sink).muted()).isFalse();
    }

    @Test
    void aRoomThatWaitsForItsModeratorPlaysMusicUntilOneComesThenSeatsEveryone() {
        room(new RoomDefinition("9206", "wait", "", "5555", 10, true, false, false, 3));
        FakeCall early = new FakeCall("1001");
        WorkerSession e = join(early, "9206");
        assertThat(early.playing()).isEqualTo("conf-waiting-for-moderator");
        assertThat(early.sink).as("not mixed while waiting").isNull();
        e.onPromptFinished(early.lastPlayId);
        assertThat(early.playing()).isEqualTo("moh");

        FakeCall mod = new FakeCall("1002");
        WorkerSession m = join(mod, "9206");
        press(m, "*85555#");

        await().untilAsserted(() -> assertThat(early.sink).as("seated once the moderator is in").isInstanceOf(Seat.class));
    }

    @Test
    void starThreeSaysHowManyParticipantsTheRoomHasThenTheRoomComesBack() {
        room(RoomDefinition.of("9208", "count"));
        FakeCall alice = new FakeCall("1001");
        WorkerSession a = join(alice, "9208");
        join(new FakeCall("1002"), "9208");
        join(new FakeCall("1003"), "9208");
        a.onPromptFinished(alice.lastPlayId); // "you are the only participant" ends

        press(a, "*3");
        for (int i = 0; i < 3; i++) {
            a.onPromptFinished(alice.lastPlayId);
        }

        assertThat(alice.played).endsWith("conf-there-are", "number-3", "conf-participants");
        assertThat(alice.source).as("hears the room again").isSameAs(alice.sink);
    }

    @Test
    void aFullRoomTurnsTheNextCallerAway() {
        room(new RoomDefinition("9207", "small", "", "", 1, false, false, false, 3));
        join(new FakeCall("1001"), "9207");
        FakeCall late = new FakeCall("1002");
        join(late, "9207");
        assertThat(late.playing()).isEqualTo("conf-full");
    }

    // ---- helpers ----

    private void room(RoomDefinition d) {
        assertThat(d.problems()).isEmpty();
        definitions.publish(d);
    }

    private WorkerSession join(FakeCall call, String number) {
        WorkerSession s = host.byNumber(number).orElseThrow().open(call);
        synchronized (call) {
            s.onStarted();
        }
        return s;
    }

    private static void press(WorkerSession s, String keys) {
        for (char k : keys.toCharArray()) {
            s.onDigit(k);
        }
    }
}
