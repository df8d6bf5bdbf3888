package io.switchboard.common.meeting;

import java.io.Serializable;
import java.util.List;

/**
 * Where one part of a cascaded room listens for the other part's talker streams: the node, its
 * address and one RTP port per trunk slot (the room's {@code talkers}), PCMU, rtcp-mux.
 */
public record TrunkOffer(String room, String node, String address, List<Integer> ports) implements Serializable {
    public TrunkOffer {
        ports = List.copyOf(ports);
    }
}
