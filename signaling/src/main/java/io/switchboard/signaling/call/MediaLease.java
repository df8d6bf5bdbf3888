package io.switchboard.signaling.call;

import java.net.InetSocketAddress;

/** A media session opened on one media node by an ng {@code offer}: the node, where its ng port is, and the SDP it wrote. */
record MediaLease(String node, InetSocketAddress ng, String sdp) {
}
