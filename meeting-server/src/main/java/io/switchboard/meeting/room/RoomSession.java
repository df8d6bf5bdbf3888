package io.switchboard.meeting.room;

import io.switchboard.common.meeting.RoomDefinition;
import io.switchboard.common.worker.CallEnd;
import io.switchboard.common.worker.WorkerCall;
import io.switchboard.common.worker.WorkerSession;
import java.time.Duration;

/**
 * One caller of a room, from the answer to the hang-up: the PIN prompt (three tries; the moderator
 * PIN there makes it moderator), then the room: seated in the mix, or hearing music until a
 * moderator comes when the room waits for one. In the room, {@code *6} mutes and unmutes itself,
 * {@code *8} + moderator PIN + {@code #} makes it moderator, and a moderator's {@code *1} mutes (again:
 * unmutes) everyone else and {@code *2} locks (again: unlocks) the room; {@code *3} says how many
 * participants the room has.
 */
final class RoomSession implements WorkerSession {
    static final int PIN_TRIES = 3;
    /** A PIN not ended with # within this long is checked as it stands. */
    static final Duration PIN_TIMEOUT = Duration.ofSeconds(10);

    private enum State { PIN, WAITING, SEATED, LEAVING, ENDED }

    private final RoomHost host;
    private final WorkerCall call;
    private final RoomDefinition definition;
    private State state;
    private final StringBuilder digits = new StringBuilder();
    private int tries;
    private Room room;
    private Participant me;
    /** In the room: '*' seen, then which command ('8' collects the moderator PIN). */
    private boolean star;
    private boolean collectingModeratorPin;
    private int playId;
    private int hangUpAfter = -1;
    /** The prompts still to play after the current one, as one sentence. */
    private final java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>();
    private int pinTimer;

    RoomSession(RoomHost host, WorkerCall call, RoomDefinition definition) {
        this.host = host;
        this.call = call;
        this.definition = definition;
    }

    @Override
    public void onStarted() {
        if (!definition.pin().isEmpty()) {
            state = State.PIN;
            play("conf-enter-pin");
            armPinTimer();
        } else {
            enter(false);
        }
    }

    @Override
    public void onDigit(char digit) {
        switch (state) {
            case PIN -> pinDigit(digit);
            case SEATED, WAITING -> roomDigit(digit);
            default -> {
            }
        }
    }

    private void pinDigit(char digit) {
        if (digit != '#') {
            if (digits.length() < 32) {
                digits.append(digit);
            }
            armPinTimer();
            return;
        }
        checkPin();
    }

    private void checkPin() {
        String entered = digits.toString();
        digits.setLength(0);
        if (entered.equals(definition.pin())) {
            enter(false);
        } else if (!definition.moderatorPin().isEmpty() && entered.equals(definition.moderatorPin())) {
            enter(true);
        } else if (++tries >= PIN_TRIES) {
            host.meters().pinRefused();
            leaveWith("conf-pin-wrong");
        } else {
            play("conf-pin-wrong");
            armPinTimer();
        }
    }

    private void armPinTimer() {
        pinTimer++;
        call.armTimer(PIN_TIMEOUT);
    }

    @Override
    public void onTimer() {
        if (--pinTimer > 0 || state != State.PIN) {
            return; // an earlier timer; the latest one decides
        }
        if (digits.length() > 0) {
            checkPin();
        } else if (++tries >= PIN_TRIES) {
            leaveWith("conf-goodbye");
        } else {
            play("conf-enter-pin");
            armPinTimer();
        }
    }

    private void enter(boolean moderator) {
        room = host.join(definition, call);
        if (room == null) {
            state = State.LEAVING;
            return; // sent to the node that hosts the room
        }
        me = new Participant(room.newId(), call, this, moderator, System.currentTimeMillis());
        String refused = room.admit(me, host.participantsElsewhere(room));
        if (refused != null) {
            host.leftEmpty(room, room.size() == 0);
            room = null;
            leaveWith(refused);
            return;
        }
        if (definition.waitForModerator() && !moderator && !room.hasModerator()) {
            state = State.WAITING;
            play("conf-waiting-for-moderator");
            return;
        }
        seat();
        if (moderator) {
            host.moderatorArrived(room);
        }
    }

    private void seat() {
        state = State.SEATED;
        room.seat(me);
        if (room.size() == 1) {
            play("conf-only-participant");
        } else if (definition.announceJoinLeave()) {
            play("conf-join");
        }
        host.joined(room, me);
    }

    /** A join or leave tone over the room (seated only; the room comes back when it ends). */
    void chime(String prompt) {
        if (state == State.SEATED) {
            play(prompt);
        }
    }

    /** The moderator came: a waiting participant is seated. */
    void moderatorArrived() {
        if (state == State.WAITING) {
            call.stopPlayback();
            seat();
        }
    }

    private void roomDigit(char digit) {
        if (collectingModeratorPin) {
            if (digit == '#') {
                collectingModeratorPin = false;
                String entered = digits.toString();
                digits.setLength(0);
                if (!definition.moderatorPin().isEmpty() && entered.equals(definition.moderatorPin())) {
                    room.becameModerator(me);
                    play("conf-moderator");
                    host.moderatorArrived(room);
                } else {
                    play("conf-pin-wrong");
                }
            } else if (digits.length() < 32) {
                digits.append(digit);
            }
            return;
        }
        if (digit == '*') {
            star = true;
            return;
        }
        if (!star) {
            return;
        }
        star = false;
        switch (digit) {
            case '6' -> {
                boolean on = !me.muted;
                room.mute(me, on);
                play(on ? "conf-muted" : "conf-unmuted");
            }
            case '8' -> {
                collectingModeratorPin = true;
                digits.setLength(0);
            }
            case '1' -> {
                if (moderatorOnly()) {
                    boolean on = room.all().stream().anyMatch(p -> p != me && !p.moderator && !p.muted);
                    room.muteAll(on, me);
                    play(on ? "conf-all-muted" : "conf-all-unmuted");
                }
            }
            case '2' -> {
                if (moderatorOnly()) {
                    play(room.toggleLock() ? "conf-room-locked" : "conf-room-unlocked");
                }
            }
            case '3' -> announceCount(host.participantsOf(room));
            default -> {
            }
        }
    }

    /** "There are N participants in this conference" (N over every part of the room), or "more than twenty". */
    private void announceCount(int n) {
        if (n > 20) {
            play("conf-more-than-20");
            return;
        }
        say("conf-there-are", "number-" + Math.max(1, n), "conf-participants");
    }

    private boolean moderatorOnly() {
        if (me.moderator) {
            return true;
        }
        play("conf-not-moderator");
        return false;
    }

    /** Told by the API or the host (kick, room ended). */
    void end(String prompt) {
        if (state == State.ENDED || state == State.LEAVING) {
            return;
        }
        leaveWith(prompt);
    }

    /** Muted or unmuted by a moderator's API call: told so. */
    void mutedBy(boolean on) {
        if (state == State.SEATED) {
            play(on ? "conf-muted" : "conf-unmuted");
        }
    }

    private void leaveWith(String prompt) {
        state = State.LEAVING;
        hangUpAfter = play(prompt);
    }

    /** Plays {@code prompt} now, cutting short a sentence being said. */
    private int play(String prompt) {
        queue.clear();
        call.play(++playId, prompt);
        return playId;
    }

    /** Plays the prompts one after another as one sentence. */
    private void say(String first, String... rest) {
        play(first);
        queue.addAll(java.util.List.of(rest));
    }

    @Override
    public void onPromptFinished(int id) {
        if (id == hangUpAfter) {
            call.hangUp();
            return;
        }
        if (id != playId) {
            return;
        }
        if (!queue.isEmpty()) {
            call.play(++playId, queue.poll()); // the next prompt of a sentence (the participant count)
            return;
        }
        if (state == State.SEATED) {
            room.hearRoom(me);
        } else if (state == State.WAITING) {
            call.play(++playId, "moh");
        }
    }

    @Override
    public void onTransferFailed(String why) {
        call.hangUp(); // could not be sent to the room's host: nowhere to go
    }

    @Override
    public void onEnded(CallEnd end) {
        state = State.ENDED;
        if (room != null && me != null) {
            host.leave(room, me);
        }
    }
}
