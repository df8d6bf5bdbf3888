package io.switchboard.signaling.directory;

import java.util.Optional;

/**
 * Numbers that route somewhere other than a user (IVR applications today; queues and rooms later):
 * a user with such an extension could never be called, and would shadow or be shadowed by it.
 */
@FunctionalInterface
public interface ReservedNumbers {
    ReservedNumbers NONE = number -> Optional.empty();

    /** What holds {@code number}, e.g. "the IVR application 'demo'", or empty when it is free. */
    Optional<String> ownerOf(String number);
}
