/**
 * What meeting servers and signaling share about conference rooms: definitions ({@code rooms}, owned
 * by signaling), hosts ({@code room-owners}, owned by meeting nodes), live state ({@code room-live},
 * owned by the hosting node) and admin commands ({@code room-commands} topic).
 */
package io.switchboard.common.meeting;
