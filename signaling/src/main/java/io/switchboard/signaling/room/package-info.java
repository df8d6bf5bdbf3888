/**
 * Conference rooms in signaling: the {@code rooms} table ({@link io.switchboard.signaling.room.RoomStore}),
 * the directory that stores and publishes them ({@link io.switchboard.signaling.room.RoomDirectory})
 * and their numbers in the number plan ({@link io.switchboard.signaling.room.RoomNumbers}).
 */
package io.switchboard.signaling.room;
