package io.switchboard.signaling.dialplan;

import java.util.Optional;

/**
 * The numbers of one service kind, kept by the role that owns them (IVR applications by
 * {@code IvrApps}, later queues and rooms by theirs). Asked on every INVITE: a local index read,
 * never a scan or a blocking cluster call.
 */
public interface ServiceNumbers {
    ServiceKind kind();

    /** The name of the application, queue or room on {@code number}, or empty. */
    Optional<String> nameOf(String number);

    /** The node that holds {@code name} when every call to it must reach that node (a queue's host); a local read. */
    default Optional<String> hostOf(String name) {
        return Optional.empty();
    }
}
