package io.switchboard.signaling.call;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the call and leg an in-dialog request belongs to, by Call-ID and our own tag (the To tag
 * of a request the peer sends, RFC 3261 §12.2.2). Local to this process: calls live on the active
 * signaling; the cluster copy in {@link CallStore} is for views and failover.
 */
final class Dialogs {
    /** A call and which of its legs a key names. */
    record Entry(B2buaCall call, CallLeg leg) {
    }

    private final Map<String, Entry> byKey = new ConcurrentHashMap<>();

    private static String key(String callId, String localTag) {
        return callId + '\u0000' + localTag;
    }

    void register(B2buaCall call, CallLeg leg) {
        byKey.put(key(leg.callId(), leg.localTag()), new Entry(call, leg));
    }

    void unregister(CallLeg leg) {
        byKey.remove(key(leg.callId(), leg.localTag()));
    }

    Entry find(String callId, String localTag) {
        return localTag == null ? null : byKey.get(key(callId, localTag));
    }
}
