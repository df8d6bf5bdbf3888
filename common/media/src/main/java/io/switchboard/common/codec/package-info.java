/**
 * Voice codecs as {@link io.switchboard.common.codec.Codec}s turning 16-bit PCM frames into RTP payloads and back:
 * G.711 µ-law and A-law (ITU-T G.711, RFC 3551 section 4.5.14) and, where libjitsi's native library loads, Opus at 8 kHz
 * over its 48 kHz RTP clock (RFC 7587), named and numbered as SDP rtpmap does (RFC 4566 section 6).
 */
package io.switchboard.common.codec;
