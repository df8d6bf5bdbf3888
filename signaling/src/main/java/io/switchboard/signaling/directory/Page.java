package io.switchboard.signaling.directory;

import java.util.List;

/** One page of an ordered listing: {@code items} start at {@code offset}; {@code total} counts all. */
public record Page<T>(List<T> items, long total, int offset, int limit) {

    public Page {
        items = List.copyOf(items);
    }
}
