package io.switchboard.meeting.room;

import io.switchboard.common.conference.Seat;
import io.switchboard.common.meeting.RoomParticipant;
import io.switchboard.common.worker.WorkerCall;

/** One caller in a room: its call, its seat in the mix once seated, its rights. Guarded by its {@link Room}. */
final class Participant {
    final String id;
    final WorkerCall call;
    final long joinedAt;
    final RoomSession session;
    boolean moderator;
    /** Muted by itself or a moderator: kept here too, as the seat exists only once seated. */
    boolean muted;
    /** Null while hearing prompts or waiting for the moderator; set on the media loop once seated. */
    volatile Seat seat;

    Participant(String id, WorkerCall call, RoomSession session, boolean moderator, long joinedAt) {
        this.id = id;
        this.call = call;
        this.session = session;
        this.moderator = moderator;
        this.joinedAt = joinedAt;
    }

    RoomParticipant view() {
        Seat s = seat;
        return new RoomParticipant(id, call.callerNumber(), call.callerDisplayName(), call.media().codecName(),
                s != null && s.talking(), muted, moderator, joinedAt);
    }
}
