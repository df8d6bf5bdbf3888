/**
 * The RTP/RTCP relay: port pairs, sessions of two legs, symmetric latching (RFC 4961 symmetric RTP)
 * and the allocation-free packet path; RTCP on port+1 (RFC 3550 section 11) or multiplexed (RFC 5761).
 */
package io.switchboard.media.relay;
