package io.switchboard.common.rtp;

import java.util.BitSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The even/odd port pairs of a range: RTP on the even port, RTCP on the next (RFC 3550 section 11).
 * Pairs are handed out round-robin so a port just freed is not reused at once: late packets of the
 * previous call would latch the next one. Shared by the media server's relay and the worker media
 * engine, which each bind their own channels on the pair. Control path only (synchronized); never
 * touched per packet.
 */
public final class PortPairAllocator {
    private static final Logger LOG = LoggerFactory.getLogger(PortPairAllocator.class);

    /** Binds whatever needs binding on the pair at {@code rtpPort}, closing what it opened before it throws. */
    @FunctionalInterface
    public interface PairBinder<T> {
        T bind(int rtpPort) throws Exception;
    }

    private final int firstPort;
    private final int pairs;
    private final BitSet used;
    private int cursor;
    private int inUse;

    /** An odd {@code portMin} starts at the next even port; a last even port without its odd partner is left out. */
    public PortPairAllocator(int portMin, int portMax) {
        this.firstPort = portMin % 2 == 0 ? portMin : portMin + 1;
        this.pairs = (portMax - firstPort + 1) / 2;
        if (pairs < 1) {
            throw new IllegalArgumentException("port range " + portMin + "-" + portMax + " holds no even/odd pair");
        }
        this.used = new BitSet(pairs);
    }

    public int capacity() {
        return pairs;
    }

    public synchronized int inUse() {
        return inUse;
    }

    /** The RTP (even) port of the next free pair after the last one handed out; -1 when all are in use. */
    public synchronized int reserve() {
        if (inUse >= pairs) {
            return -1;
        }
        int i = used.nextClearBit(cursor);
        if (i >= pairs) {
            i = used.nextClearBit(0);
        }
        used.set(i);
        inUse++;
        cursor = (i + 1) % pairs;
        return firstPort + 2 * i;
    }

    /** Frees the pair of {@code rtpPort}; freeing one twice, or one never reserved, changes nothing. */
    public synchronized void release(int rtpPort) {
        int i = (rtpPort - firstPort) / 2;
        if (i >= 0 && i < pairs && used.get(i)) {
            used.clear(i);
            inUse--;
        }
    }

    /**
     * Reserves pairs until {@code binder} succeeds on one, trying each free pair at most once: a pair
     * that another process holds fails to bind, is freed again and skipped (the cursor has already
     * moved past it). Blocks as long as the binder does.
     *
     * @return what the binder returned, or null when no free pair could be bound
     */
    public <T> T bindFree(PairBinder<T> binder) {
        // As many tries as pairs were free: round-robin would bring a failed pair round again after that.
        int free = Math.max(1, pairs - inUse());
        for (int attempts = 0; attempts < free; attempts++) {
            int port = reserve();
            if (port < 0) {
                return null;
            }
            try {
                return binder.bind(port);
            } catch (InterruptedException e) {
                // Shutting down: give up rather than try every other pair with the interrupt lost.
                release(port);
                Thread.currentThread().interrupt();
                return null;
            } catch (Exception e) {
                LOG.debug("port pair {}/{} not bindable: {}", port, port + 1, e.toString());
                release(port);
            }
        }
        return null;
    }
}
