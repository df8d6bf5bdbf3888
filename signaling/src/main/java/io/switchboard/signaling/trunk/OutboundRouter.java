package io.switchboard.signaling.trunk;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Picks the route a dialled number leaves by and the trunks to try, in order: the first route (emergency
 * ones first) that takes the number from this caller; its trunks that exist, are enabled and have an
 * address now (an IP literal host, or a registration trunk's resolved registrar: no DNS on the INVITE
 * path), and that the OPTIONS keep-alive has not found down. Reads local copies only.
 */
public final class OutboundRouter {
    private final TrunkBook book;
    private final TrunkRegistrations registrations;
    private volatile java.util.function.Predicate<String> usable = name -> true;

    /** The route chosen and its trunks; {@code hops} is empty when every trunk of it is down. */
    public record Outbound(OutboundRoute route, List<TrunkHop> hops) {
    }

    public OutboundRouter(TrunkBook book, TrunkRegistrations registrations) {
        this.book = book;
        this.registrations = registrations;
    }

    /** Trunks the keep-alive found down are skipped while it says so. */
    public void usableWhen(java.util.function.Predicate<String> up) {
        this.usable = up;
    }

    /** Where calls out over {@code t} go now: its IP literal host, or its registrar as last resolved. */
    public Optional<InetSocketAddress> addressOf(Trunk t) {
        return address(t);
    }

    public Optional<Outbound> route(String dialled, String caller) {
        if (dialled == null || dialled.isEmpty()) {
            return Optional.empty();
        }
        for (OutboundRoute r : book.routes()) {
            if (!r.takes(dialled, caller)) {
                continue;
            }
            List<TrunkHop> hops = new ArrayList<>();
            for (String name : r.trunks()) {
                Optional<Trunk> t = book.trunk(name).filter(Trunk::enabled).filter(x -> usable.test(x.name()));
                if (t.isEmpty()) {
                    continue;
                }
                address(t.get()).ifPresent(a -> hops.add(new TrunkHop(t.get(), a, r.sent(dialled))));
            }
            return Optional.of(new Outbound(r, hops));
        }
        return Optional.empty();
    }

    private Optional<InetSocketAddress> address(Trunk t) {
        String host = t.host();
        if (host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            try {
                return Optional.of(new InetSocketAddress(InetAddress.getByName(host), t.port()));
            } catch (java.net.UnknownHostException e) {
                return Optional.empty();
            }
        }
        return registrations.addressOf(t.name());
    }
}
