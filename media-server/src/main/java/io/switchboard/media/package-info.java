/**
 * The media server role: an RTP/RTCP relay (RFC 3550, RFC 4961 symmetric RTP) anchoring every call,
 * controlled with the rtpengine ng protocol, with call recording, a session cap and cluster heartbeat.
 */
package io.switchboard.media;
