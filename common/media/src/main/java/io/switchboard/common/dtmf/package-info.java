/**
 * DTMF three ways: RFC 4733 telephone-event packets (receive and send), in-band tones found with
 * the Goertzel algorithm (ITU-T Q.23/Q.24 frequencies and limits), and SIP INFO
 * {@code application/dtmf-relay} bodies.
 */
package io.switchboard.common.dtmf;
