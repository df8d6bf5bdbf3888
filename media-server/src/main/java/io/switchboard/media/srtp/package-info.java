/** SDES-keyed SRTP and SRTCP (RFC 3711, keys from RFC 4568 {@code a=crypto} lines) for the relay, on jitsi-srtp. */
package io.switchboard.media.srtp;
