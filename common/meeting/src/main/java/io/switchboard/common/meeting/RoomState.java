package io.switchboard.common.meeting;

import java.io.Serializable;
import java.util.List;

/**
 * An open room as its node publishes it (about once a second while it changes): who is in, who is
 * talking, whether it is locked and being recorded.
 *
 * @param recording the WAV being written (path on the meeting node), empty when not recording
 */
public record RoomState(String number, String node, List<RoomParticipant> participants, boolean locked, String recording,
                        long updatedAt) implements Serializable {
    public RoomState {
        participants = List.copyOf(participants);
        recording = recording == null ? "" : recording;
    }
}
