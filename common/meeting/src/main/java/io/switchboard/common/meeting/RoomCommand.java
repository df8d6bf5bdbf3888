package io.switchboard.common.meeting;

import java.io.Serializable;

/**
 * What the admin API asks of an open room; the node hosting it acts, the others ignore it.
 *
 * @param participant the participant's id for mute, unmute and kick; empty for the room-wide actions
 */
public record RoomCommand(String room, Action action, String participant) implements Serializable {
    public enum Action { MUTE, UNMUTE, KICK, LOCK, UNLOCK, END, RECORD_START, RECORD_STOP }
}
