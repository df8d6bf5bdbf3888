package io.switchboard.common.sip;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits an accepted TCP or TLS connection under the per-source and total caps of
 * {@link SipTransportSettings.StreamLimits}, and counts it until it closes. First in the pipeline, so
 * a refused connection costs no TLS handshake. One instance per connection; the counts are shared.
 */
final class StreamAdmission extends ChannelInboundHandlerAdapter {

    /** The open accepted connections, in all and per source IP. */
    static final class Counts {
        private final ConcurrentHashMap<InetAddress, AtomicInteger> perSource = new ConcurrentHashMap<>();
        private final AtomicInteger total = new AtomicInteger();

        int total() {
            return total.get();
        }

        int of(InetAddress source) {
            AtomicInteger n = perSource.get(source);
            return n == null ? 0 : n.get();
        }
    }

    private final Counts counts;
    private final SipTransportSettings.StreamLimits limits;
    private final SipTransportMeters meters;
    private final LogLimiter refusedLog;
    private InetAddress source;

    StreamAdmission(Counts counts, SipTransportSettings.StreamLimits limits, SipTransportMeters meters, LogLimiter refusedLog) {
        this.counts = counts;
        this.limits = limits;
        this.meters = meters;
        this.refusedLog = refusedLog;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        source = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        int all = counts.total.incrementAndGet();
        int mine = counts.perSource.computeIfAbsent(source, k -> new AtomicInteger()).incrementAndGet();
        if (all > limits.total() || mine > limits.perSource()) {
            meters.connectionsRefused.increment();
            long hidden = refusedLog.admit();
            if (hidden >= 0) {
                org.slf4j.LoggerFactory.getLogger(StreamAdmission.class).warn(
                        "SIP connection from {} closed: {} ({} more since the last such line)", source,
                        mine > limits.perSource() ? mine - 1 + " open from it already (sip.max-connections-per-source)"
                                : all - 1 + " open in all (sip.max-connections)", hidden);
            }
            ctx.close();
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (source != null) {
            counts.total.decrementAndGet();
            counts.perSource.computeIfPresent(source, (k, n) -> n.decrementAndGet() == 0 ? null : n);
            source = null;
        }
        ctx.fireChannelInactive();
    }
}
