package io.switchboard.common.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may drive a worker's control listeners (ng, the IVR's SIP): the addresses of the cluster's
 * members, kept current by membership events, or a configured allow-list instead. Anyone else is
 * refused, so an arbitrary host cannot open relay ports or have an IVR stream RTP at an address of
 * its choosing. Read per control message: one volatile read and a hash lookup, no Hazelcast call.
 */
public final class ClusterPeers {
    /**
     * Member attribute: the addresses a member sends control traffic from besides its cluster
     * address (signaling's SIP socket bound to 127.0.0.41 or to the HA VIP while Hazelcast listens
     * on the private address), comma-separated.
     */
    public static final String SOURCE_ADDRESSES = "switchboard.source-addresses";

    private final Set<InetAddress> configured;
    private volatile Set<InetAddress> members = Set.of();

    /** @param allowList IP addresses; empty: the cluster's members (see {@link #follow}) */
    public ClusterPeers(List<String> allowList) {
        Set<InetAddress> out = new HashSet<>();
        for (String a : allowList) {
            try {
                out.add(InetAddress.getByName(a));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: " + a, e);
            }
        }
        this.configured = Set.copyOf(out);
    }

    /**
     * Announces in {@code config} that this member also sends from {@code addresses}; wildcard
     * addresses are left out, since a socket bound to 0.0.0.0 sends from the routed interface.
     */
    public static void announceSources(Config config, Collection<String> addresses) {
        List<String> specific = new ArrayList<>();
        for (String a : addresses) {
            if (a != null && !a.isBlank() && !a.equals("0.0.0.0") && !a.equals("::") && !specific.contains(a)) {
                specific.add(a);
            }
        }
        if (!specific.isEmpty()) {
            config.getMemberAttributeConfig().setAttribute(SOURCE_ADDRESSES, String.join(",", specific));
        }
    }

    /** Tracks the members of {@code hz}'s cluster from now on. */
    public ClusterPeers follow(HazelcastInstance hz) {
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                refresh(e.getMembers());
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                refresh(e.getMembers());
            }
        });
        refresh(hz.getCluster().getMembers());
        return this;
    }

    private void refresh(Set<Member> current) {
        Set<InetAddress> out = new HashSet<>();
        for (Member m : current) {
            try {
                out.add(m.getAddress().getInetAddress());
            } catch (UnknownHostException e) {
                // a member whose address does not resolve cannot send to us either
            }
            String sources = m.getAttribute(SOURCE_ADDRESSES);
            if (sources != null) {
                for (String a : sources.split(",")) {
                    try {
                        out.add(InetAddress.getByName(a.strip()));
                    } catch (UnknownHostException e) {
                        // announced by a member of our own build: only literal addresses
                    }
                }
            }
        }
        members = Set.copyOf(out);
    }

    public boolean allows(InetAddress source) {
        return configured.isEmpty() ? members.contains(source) : configured.contains(source);
    }
}
