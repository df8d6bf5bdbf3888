/**
 * WebRTC media on the relay: ICE-lite connectivity checks (STUN, RFC 8445 §2.5 and RFC 5389) and
 * DTLS-SRTP (RFC 5763/5764, BouncyCastle's DTLS) yielding the SRTP keys that the relay's SRTP streams
 * use. Protocol and handshakes only; the per-leg wiring is {@code relay.WebRtcLeg}, the SDP
 * {@code ng.WebRtcNegotiation}.
 */
package io.switchboard.media.webrtc;
