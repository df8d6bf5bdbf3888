/**
 * Drives the signaling server with SIPp the way a building full of phones would: RFC 3261 §10
 * registrations with RFC 7616 digest authentication, from scenarios kept in {@code sipp/}, plus
 * the benchmarks that measure registration storms and bulk user import.
 */
package io.switchboard.loadtest;
