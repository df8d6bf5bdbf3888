package io.switchboard.media.ng;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cookie to encoded reply, so a retransmitted command gets the same bytes and is not executed twice
 * (rtpengine's cookie cache). Bounded in entries and age. Used only by the ng event loop thread.
 */
final class ReplyCache {
    private record Entry(byte[] reply, long expiresAtNanos) {
    }

    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private final int maxEntries;
    private final long ttlNanos;

    ReplyCache(int maxEntries, long ttlMillis) {
        this.maxEntries = maxEntries;
        this.ttlNanos = ttlMillis * 1_000_000L;
    }

    byte[] get(String cookie, long nowNanos) {
        Entry e = entries.get(cookie);
        return e == null || nowNanos - e.expiresAtNanos > 0 ? null : e.reply;
    }

    void put(String cookie, byte[] reply, long nowNanos) {
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Entry> head = it.next();
            if (entries.size() < maxEntries && nowNanos - head.getValue().expiresAtNanos <= 0) {
                break;
            }
            it.remove();
        }
        entries.remove(cookie);
        entries.put(cookie, new Entry(reply, nowNanos + ttlNanos));
    }

    int size() {
        return entries.size();
    }
}
