/** Open rooms on a meeting node: who is seated, the join flow and in-room keys of each participant, the room's host claim and live state. */
package io.switchboard.meeting.room;
