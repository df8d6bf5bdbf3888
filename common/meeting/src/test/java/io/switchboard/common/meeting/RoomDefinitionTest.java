package io.switchboard.common.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.common.api.FieldProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a room definition may hold: every problem names its field. Plain objects. */
class RoomDefinitionTest {

    private static RoomDefinition room(String pin, String moderatorPin, int max, boolean waitForModerator, int talkers) {
        return new RoomDefinition("9000", "Standup", pin, moderatorPin, max, waitForModerator, false, false, talkers);
    }

    private static List<String> fields(RoomDefinition r) {
        return r.problems().stream().map(FieldProblem::field).toList();
    }

    @Test
    void aRoomWithOnlyNumberAndNameHasNoProblemAndTheDefaults() {
        RoomDefinition r = RoomDefinition.of("9000", "Standup");

        assertThat(r.problems()).isEmpty();
        assertThat(r.pin()).isEmpty();
        assertThat(r.moderatorPin()).isEmpty();
        assertThat(r.maxParticipants()).isEqualTo(1000);
        assertThat(r.talkers()).isEqualTo(3);
        assertThat(r.waitForModerator() || r.record() || r.announceJoinLeave()).isFalse();
    }

    @Test
    void aBadNumberIsNamedWithWhatWasGiven() {
        assertThat(fields(RoomDefinition.of("9", "Standup"))).containsExactly("number");
        assertThat(fields(RoomDefinition.of("90a0", "Standup"))).containsExactly("number");
        assertThat(fields(RoomDefinition.of("1".repeat(16), "Standup"))).containsExactly("number");
        assertThat(fields(RoomDefinition.of(null, "Standup"))).containsExactly("number");
        assertThat(RoomDefinition.of("9", "Standup").problems().get(0).reason()).isEqualTo("must be 2-15 digits, got '9'");
    }

    @Test
    void aBlankLongOrUnprintableNameIsNamed() {
        assertThat(fields(RoomDefinition.of("9000", ""))).containsExactly("name");
        assertThat(fields(RoomDefinition.of("9000", null))).containsExactly("name");
        assertThat(fields(RoomDefinition.of("9000", "x".repeat(65)))).containsExactly("name");
        assertThat(fields(RoomDefinition.of("9000", "stand\nup"))).containsExactly("name");
        assertThat(RoomDefinition.of("9000", "x".repeat(64)).problems()).isEmpty();
    }

    @Test
    void pinsAreDigitsOrEmptyAndTheModeratorPinDiffersFromThePin() {
        assertThat(fields(room("12a4", "", 10, false, 3))).containsExactly("pin");
        assertThat(fields(room("1".repeat(17), "", 10, false, 3))).containsExactly("pin");
        assertThat(fields(room("", "98 76", 10, false, 3))).containsExactly("moderatorPin");
        assertThat(fields(room("1234", "1234", 10, false, 3))).containsExactly("moderatorPin");
        assertThat(room("1234", "9876", 10, false, 3).problems()).isEmpty();
        assertThat(room(null, null, 10, false, 3).problems()).as("null PINs are none").isEmpty();
    }

    @Test
    void waitingForAModeratorNeedsAModeratorPin() {
        assertThat(room("", "", 10, true, 3).problems())
                .containsExactly(new FieldProblem("waitForModerator", "needs a moderatorPin, or nobody could ever start the room"));
        assertThat(room("", "9876", 10, true, 3).problems()).isEmpty();
    }

    @Test
    void participantsAndTalkersOutOfRangeAreNamedWithTheirRange() {
        assertThat(room("", "", 0, false, 3).problems())
                .containsExactly(new FieldProblem("maxParticipants", "must be 1-10000, got 0"));
        assertThat(fields(room("", "", 10_001, false, 3))).containsExactly("maxParticipants");
        assertThat(room("", "", 10, false, 0).problems()).containsExactly(new FieldProblem("talkers", "must be 1-10, got 0"));
        assertThat(fields(room("", "", 10, false, 11))).containsExactly("talkers");
        assertThat(room("", "", 10_000, false, 10).problems()).isEmpty();
    }

    @Test
    void everyProblemIsListedInTheRecordsOrder() {
        RoomDefinition r = new RoomDefinition("9", "", "x", "y", 0, false, false, false, 0);

        assertThat(fields(r)).containsExactly("number", "name", "pin", "moderatorPin", "maxParticipants", "talkers");
    }
}
