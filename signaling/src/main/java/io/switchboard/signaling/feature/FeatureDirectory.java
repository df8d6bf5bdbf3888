package io.switchboard.signaling.feature;

import io.switchboard.signaling.directory.FieldRefusal;

/** Users' call features: validated, stored, published ({@link FeatureBook}). */
public final class FeatureDirectory {
    private final FeatureStore store;
    private final FeatureBook book;

    public FeatureDirectory(FeatureStore store, FeatureBook book) {
        this.store = store;
        this.book = book;
    }

    /** Publishes what the database holds; run at start. */
    public void loadAll() {
        book.replaceAll(store.all());
    }

    public CallFeatures get(String extension) {
        return book.of(extension);
    }

    /** Stores and publishes {@code f}; a refused value throws {@link FieldRefusal} naming the field. */
    public synchronized CallFeatures put(CallFeatures f) {
        FieldRefusal.check(f.problems());
        store.put(f);
        book.publish(f);
        return f;
    }
}
