package io.switchboard.signaling.location;

import java.util.ArrayList;
import java.util.List;

/** All live bindings of one address of record: the value stored under the AOR in the {@code registrations} map. */
public record Bindings(String aor, List<Binding> contacts) {

    public Bindings {
        contacts = List.copyOf(contacts);
    }

    public static Bindings empty(String aor) {
        return new Bindings(aor, List.of());
    }

    public Bindings live(long now) {
        return new Bindings(aor, contacts.stream().filter(b -> b.expiresAt() > now).toList());
    }

    public boolean isEmpty() {
        return contacts.isEmpty();
    }

    public long latestExpiry() {
        return contacts.stream().mapToLong(Binding::expiresAt).max().orElse(0);
    }

    /** Replaces the binding that is {@link Binding#sameAs} {@code b}, or adds it. */
    public Bindings put(Binding b) {
        List<Binding> out = new ArrayList<>(contacts.size() + 1);
        for (Binding old : contacts) {
            if (!old.sameAs(b)) {
                out.add(old);
            }
        }
        out.add(b);
        return new Bindings(aor, out);
    }

    public Bindings remove(Binding b) {
        return new Bindings(aor, contacts.stream().filter(old -> !old.sameAs(b)).toList());
    }

    public java.util.Optional<Binding> find(Binding b) {
        return contacts.stream().filter(old -> old.sameAs(b)).findFirst();
    }
}
