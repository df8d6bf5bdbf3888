package io.switchboard.signaling.trunk;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Which trunk an INVITE came in on, and where it goes. An IP trunk is known by its networks; a
 * registration trunk by its registrar's address (providers send calls from their proxy). The dialled
 * DID is the Request-URI's user, or the To user when the Request-URI names the trunk's own username
 * (our registered Contact, as most providers send it). A DID in the table reaches its destination; any
 * other reaches the trunk's {@code inboundDestination}, or nobody (404). The trunk's {@link InboundRewrite}
 * first puts the number in the form the DID table uses. A registration trunk's calls
 * are those from its registrar's address and port. Reads local copies only.
 */
public final class TrunkInbound {
    private final TrunkBook book;
    private final TrunkRegistrations registrations;

    /** A call from {@code trunk} for {@code did}: {@code destination} is null when nobody takes it. */
    public record Routed(Trunk trunk, String did, String destination) {
    }

    public TrunkInbound(TrunkBook book, TrunkRegistrations registrations) {
        this.book = book;
        this.registrations = registrations;
    }

    /** Whether trunk {@code name} records its calls (false for a trunk gone meanwhile). */
    public boolean records(String name) {
        return book.trunk(name).map(t -> t.media().record()).orElse(false);
    }

    /** The trunk at {@code remote}, if any: an enabled IP trunk's network, or a registration trunk's registrar. */
    public Optional<Trunk> trunkAt(InetSocketAddress remote) {
        Optional<Trunk> ip = book.ipTrunkAt(remote.getAddress());
        return ip.isPresent() ? ip : registrations.registrarAt(remote).filter(Trunk::enabled);
    }

    public Optional<Routed> route(InetSocketAddress remote, String requestUser, String toUser) {
        Optional<Trunk> trunk = trunkAt(remote);
        if (trunk.isEmpty()) {
            return Optional.empty();
        }
        Trunk t = trunk.get();
        String did = t.inbound().apply(requestUser == null || requestUser.isEmpty() || requestUser.equals(t.username())
                ? toUser : requestUser);
        if (did == null) {
            return Optional.of(new Routed(t, "", null));
        }
        Optional<Did> entry = book.did(did);
        String destination = entry.map(Did::destination).orElse(t.inboundDestination().isEmpty() ? null : t.inboundDestination());
        return Optional.of(new Routed(t, did, destination));
    }
}
