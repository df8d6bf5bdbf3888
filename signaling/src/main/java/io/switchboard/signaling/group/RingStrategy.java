package io.switchboard.signaling.group;

/** How a ring group rings its members. */
public enum RingStrategy {
    /** Every member at once for the group's ring time. */
    ALL,
    /** One member after another, each for the ring time, in the listed order. */
    ORDER,
    /** As ORDER, each call starting one member further than the last. */
    ROUND_ROBIN
}
