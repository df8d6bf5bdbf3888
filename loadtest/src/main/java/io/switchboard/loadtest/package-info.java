/**
 * Drives the signaling server with SIPp the way a building full of phones would: RFC 3261 §10
 * registrations with RFC 7616 digest authentication and whole calls through the B2BUA with RTP
 * relayed by a media node ({@link io.switchboard.loadtest.LocalMedia}), from scenarios kept in
 * {@code sipp/}, plus the benchmarks that measure registration storms and bulk user import.
 */
package io.switchboard.loadtest;
