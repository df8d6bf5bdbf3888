/**
 * SIP trunks to providers: their definitions (database, admin API) and the outbound registrations of
 * registration trunks, with their state.
 */
package io.switchboard.signaling.trunk;
