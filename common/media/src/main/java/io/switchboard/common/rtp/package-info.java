/**
 * The RTP endpoint of a worker (IVR, queue, meeting): RTP and RTCP per RFC 3550 on Netty, packets paced
 * every ptime by one shared clock, an adaptive jitter buffer, sender reports (RFC 3550 section 6.4.1)
 * and the offer/answer of a worker's audio stream (RFC 3264).
 */
package io.switchboard.common.rtp;
