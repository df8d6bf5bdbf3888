package io.switchboard.signaling.dialplan;

import io.switchboard.signaling.directory.ReservedNumbers;
import java.util.List;
import java.util.Optional;

/**
 * The one router of dialled numbers: each service kind's index is asked in turn (a map read each),
 * and a number no service holds is a user's extension. INVITE, REFER and (later) trunks and
 * forwarding resolve through it, so a transfer can reach whatever a call can. It is also what the
 * directory asks before a user takes a number.
 */
public final class NumberPlan implements ReservedNumbers {
    private final List<ServiceNumbers> services;

    public NumberPlan(List<ServiceNumbers> services) {
        this.services = List.copyOf(services);
    }

    /** Where {@code number} goes; a service number wins over a user of the same extension. */
    public Destination resolve(String number) {
        for (ServiceNumbers s : services) {
            Optional<String> name = s.nameOf(number);
            if (name.isPresent()) {
                return new Destination.Service(s.kind(), number, name.get(), s.hostOf(name.get()).orElse(""));
            }
        }
        return new Destination.User(number);
    }

    @Override
    public Optional<String> ownerOf(String number) {
        return resolve(number) instanceof Destination.Service s
                ? Optional.of("the number of " + s.describe())
                : Optional.empty();
    }
}
