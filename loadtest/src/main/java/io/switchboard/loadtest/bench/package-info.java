/**
 * Capacity benchmarks of DESIGN.md's "Capacity model": RTP relay throughput of one media-server
 * process (RFC 3550 packets from a generator of our own), call setup rate through the B2BUA
 * (RFC 3261 INVITE with 407 proxy authentication), and concurrent calls held across two media nodes.
 */
package io.switchboard.loadtest.bench;
