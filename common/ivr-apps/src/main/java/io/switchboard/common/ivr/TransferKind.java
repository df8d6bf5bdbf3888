package io.switchboard.common.ivr;

/** Where a transfer sends the caller; signaling resolves the target within its kind. */
public enum TransferKind {
    EXTENSION,
    QUEUE,
    MEETING,
    OUTSIDE
}
