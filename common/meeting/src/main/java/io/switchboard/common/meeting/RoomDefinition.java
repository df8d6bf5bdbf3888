package io.switchboard.common.meeting;

import io.switchboard.common.api.FieldProblem;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One conference room as the operator defined it; its number is the API's key and what callers dial.
 *
 * @param number           2-15 digits, routed by signaling like an IVR or queue number
 * @param name             what the operator calls it (1-64 printable characters)
 * @param pin              digits a participant enters to join (asked up to three times); empty = none
 * @param moderatorPin     digits that make a participant moderator (at the join prompt, or after *8); empty = none
 * @param maxParticipants  participants at most (1-10000); the next hears "the room is full"
 * @param waitForModerator participants hear music on hold, unmixed, until a moderator is in the room
 * @param record           the mix is recorded from the first participant on (a WAV under the data dir)
 * @param announceJoinLeave a tone to the room when someone joins or leaves
 * @param talkers          loudest talkers mixed at once (1-10, default 3)
 */
public record RoomDefinition(String number, String name, String pin, String moderatorPin, int maxParticipants,
                             boolean waitForModerator, boolean record, boolean announceJoinLeave, int talkers)
        implements Serializable {
    public static final int DEFAULT_TALKERS = 3;
    public static final int DEFAULT_MAX_PARTICIPANTS = 1000;

    private static final Pattern NUMBER = Pattern.compile("[0-9]{2,15}");
    private static final Pattern PIN = Pattern.compile("|[0-9]{1,16}");

    public RoomDefinition {
        name = name == null ? "" : name;
        pin = pin == null ? "" : pin;
        moderatorPin = moderatorPin == null ? "" : moderatorPin;
    }

    /** A room with only its number and name given: no PINs, 1,000 participants, the 3 loudest mixed. */
    public static RoomDefinition of(String number, String name) {
        return new RoomDefinition(number, name, "", "", DEFAULT_MAX_PARTICIPANTS, false, false, false, DEFAULT_TALKERS);
    }

    /** Every field that is wrong, each named, for a 400 that says what to fix. */
    public List<FieldProblem> problems() {
        List<FieldProblem> out = new ArrayList<>();
        if (number == null || !NUMBER.matcher(number).matches()) {
            out.add(new FieldProblem("number", "must be 2-15 digits, got '" + number + "'"));
        }
        if (name.isBlank() || name.length() > 64 || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            out.add(new FieldProblem("name", "must be 1-64 printable characters, got '" + name + "'"));
        }
        if (!PIN.matcher(pin).matches()) {
            out.add(new FieldProblem("pin", "must be 1-16 digits or empty"));
        }
        if (!PIN.matcher(moderatorPin).matches()) {
            out.add(new FieldProblem("moderatorPin", "must be 1-16 digits or empty"));
        } else if (!moderatorPin.isEmpty() && moderatorPin.equals(pin)) {
            out.add(new FieldProblem("moderatorPin", "must differ from pin, or every participant would be moderator"));
        }
        if (waitForModerator && moderatorPin.isEmpty()) {
            out.add(new FieldProblem("waitForModerator", "needs a moderatorPin, or nobody could ever start the room"));
        }
        if (maxParticipants < 1 || maxParticipants > 10_000) {
            out.add(new FieldProblem("maxParticipants", "must be 1-10000, got " + maxParticipants));
        }
        if (talkers < 1 || talkers > 10) {
            out.add(new FieldProblem("talkers", "must be 1-10, got " + talkers));
        }
        return out;
    }
}
