package io.switchboard.common.meeting;

import java.io.Serializable;

/**
 * One participant as the room's node last published it.
 *
 * @param id        the node's id of the participant (stable while it is in the room): what mute and kick name
 * @param caller    the caller's number (From user) and display name, as signaling sent them
 * @param codec     the negotiated codec, e.g. PCMU
 * @param talking   among the loudest talkers being mixed
 * @param muted     muted by itself (*6) or by a moderator
 * @param moderator joined or became moderator with the moderator PIN
 * @param joinedAt  epoch milliseconds
 */
public record RoomParticipant(String id, String caller, String displayName, String codec, boolean talking,
                              boolean muted, boolean moderator, long joinedAt) implements Serializable {
}
