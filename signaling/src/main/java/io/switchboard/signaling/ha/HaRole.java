package io.switchboard.signaling.ha;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Whether this signaling member is the active one of the pair (it holds the virtual IP, so phones'
 * requests reach it) or the standby. A member outside a pair is always active. Changes come from
 * one thread ({@link VirtualAddressWatch}); listeners run on it, in the order added.
 */
public final class HaRole {
    /** The two states of a member of the pair. */
    public enum State { ACTIVE, STANDBY }

    private volatile State state;
    private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();

    public HaRole(State initial) {
        this.state = initial;
    }

    /** A member that is not part of a pair. */
    public static HaRole alwaysActive() {
        return new HaRole(State.ACTIVE);
    }

    public State state() {
        return state;
    }

    public boolean active() {
        return state == State.ACTIVE;
    }

    public void onChange(Consumer<State> listener) {
        listeners.add(listener);
    }

    /** Moves to {@code next}; returns whether that was a change (listeners ran). */
    boolean become(State next) {
        if (state == next) {
            return false;
        }
        state = next;
        for (Consumer<State> l : listeners) {
            l.accept(next);
        }
        return true;
    }
}
