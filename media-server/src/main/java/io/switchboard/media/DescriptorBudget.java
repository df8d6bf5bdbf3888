package io.switchboard.media;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * How many relay sockets the process's open-file limit leaves room for. A call holds two legs, each an
 * RTP and an RTCP socket: four descriptors at worst. A leg whose endpoint uses rtcp-mux (RFC 5761)
 * never opens its RTCP socket, so such a call holds two or three. Whether it will is known only from
 * SDP after the call is admitted, so a new call is admitted while the sockets open now plus its worst
 * case fit ({@link #admits}): a node whose calls multiplex RTCP holds twice the calls a worst-case cap
 * would allow (5,000 calls in 10,000 descriptors), and one whose calls do not still never runs out of
 * descriptors. (A call admitted by the worst case whose leg later turns to a separate RTCP port near the
 * limit relays RTP without RTCP; that is counted.) What the process already has open at start (jars,
 * Hazelcast, SIP, HTTP, epoll) and a margin for connections that come later are kept back, so a
 * node at its cap still accepts a metrics scrape or a cluster connection. A node whose cap is set
 * by this budget says so at start instead of failing calls with "too many open files" under load.
 *
 * @param limit    the soft open-file limit ({@code ulimit -n}), or -1 where the JVM cannot tell
 * @param openNow  descriptors open when the budget was taken
 */
record DescriptorBudget(long limit, long openNow) {
    /** The worst case: neither endpoint uses rtcp-mux. */
    static final int PER_CALL = 4;
    /** Kept free for later cluster, SIP, HTTP and log descriptors. */
    static final int MARGIN = 256;

    static DescriptorBudget ofThisProcess() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return new DescriptorBudget(unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount());
        }
        return new DescriptorBudget(-1, 0);
    }

    /** Sockets the relay may open; {@link Long#MAX_VALUE} when the limit is unknown. */
    long sockets() {
        return limit < 0 ? Long.MAX_VALUE : Math.max(0, limit - openNow - MARGIN);
    }

    /** Whether one more call fits, at its worst case, next to the relay sockets open now. */
    boolean admits(int openSockets) {
        return (long) openSockets + PER_CALL <= sockets();
    }

    /** Calls the limit holds when every endpoint uses rtcp-mux (two sockets a call). */
    long muxedCalls() {
        return limit < 0 ? Integer.MAX_VALUE : sockets() / 2;
    }

    /** Calls the limit holds at the worst case; {@link Integer#MAX_VALUE} when the limit is unknown. */
    int calls() {
        if (limit < 0) {
            return Integer.MAX_VALUE;
        }
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, (limit - openNow - MARGIN) / PER_CALL));
    }

    /** The open-file limit that {@code calls} calls need on top of what is open now. */
    long limitFor(int calls) {
        return openNow + MARGIN + (long) calls * PER_CALL;
    }
}
