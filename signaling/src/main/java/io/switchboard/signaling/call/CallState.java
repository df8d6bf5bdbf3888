package io.switchboard.signaling.call;

/** Where a call stands; stored with the call so the live-calls view and a failover agree. */
public enum CallState { ROUTING, RINGING, ANSWERED, ENDING }
