package io.switchboard.media;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * How many relay calls the process's open-file limit leaves room for. A call holds two legs, each an
 * RTP and an RTCP socket: four descriptors at worst. A leg whose endpoint uses rtcp-mux (RFC 5761)
 * never opens its RTCP socket, so such a call holds two or three, but whether it will is known only
 * from SDP after the call is admitted, so the budget keeps the worst case (the gauge
 * {@code media_open_sockets} shows what is really open). What the process already has open at start (jars,
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

    /** Calls the limit holds; {@link Integer#MAX_VALUE} when the limit is unknown. */
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
