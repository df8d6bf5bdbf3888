/**
 * Call recording: RTP payloads tapped off the relay, decoded from G.711 (ITU-T G.711, RFC 3551
 * PCMU/PCMA) and written as 8 kHz 16-bit stereo WAV (caller left, callee right) by one writer thread.
 */
package io.switchboard.media.record;
