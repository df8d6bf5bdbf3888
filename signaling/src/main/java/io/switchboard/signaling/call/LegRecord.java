package io.switchboard.signaling.call;

import java.util.List;

/**
 * The dialog state of one leg as stored in the {@code calls} map (RFC 3261 §12): enough for a
 * signaling process that takes over after a failover to send BYE or re-INVITE on that leg.
 *
 * @param remoteTarget the peer's Contact URI (where in-dialog requests go)
 * @param peer         {@code ip:port} we actually reach it at (RFC 3581 source for phones)
 */
public record LegRecord(String callId, String localTag, String remoteTag, String localUri, String remoteUri,
                        String remoteTarget, List<String> routeSet, long localCseq, long remoteCseq,
                        String peer, String transport) {

    public LegRecord {
        routeSet = List.copyOf(routeSet);
        remoteTag = remoteTag == null ? "" : remoteTag;
    }
}
