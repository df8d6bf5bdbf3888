/**
 * The IVR menu state machine: one {@link io.switchboard.ivr.session.IvrSession} per caller, driven
 * by events (DTMF keys per RFC 4733, prompt ends, timers) and answering with commands on an
 * {@link io.switchboard.ivr.session.IvrOutput}. No media and no SIP here, so it is tested alone.
 */
package io.switchboard.ivr.session;
