/**
 * The signaling HA pair: which member is active (the one holding the virtual IP, as keepalived
 * decides), the standby following the active's registrations, the health beat keepalived's watchdog
 * reads, and the fencing epoch that stops a stale active from writing call state.
 */
package io.switchboard.signaling.ha;
