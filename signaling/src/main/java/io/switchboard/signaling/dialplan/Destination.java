package io.switchboard.signaling.dialplan;

/** What a dialled number reaches. */
public sealed interface Destination {

    /** A provisioned user's extension (whether it exists is the directory's answer). */
    record User(String extension) implements Destination {
    }

    /**
     * A number owned by a worker role: {@code name} is the application, queue or room it reaches;
     * {@code host} the node that holds it when one must (a queue's callers all reach its host), else empty.
     */
    record Service(ServiceKind kind, String number, String name, String host) implements Destination {
        public Service(ServiceKind kind, String number, String name) {
            this(kind, number, name, "");
        }

        /** "the IVR application 'demo'", for errors that say who holds a number. */
        public String describe() {
            return "the " + kind.noun() + " '" + name + "'";
        }
    }
}
