package io.switchboard.signaling.feature;

import io.switchboard.common.api.FieldProblem;
import io.switchboard.signaling.directory.FieldException;
import java.util.List;
import java.util.stream.Collectors;

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

    /** A refused change, naming the field. */
    public static final class Refused extends FieldException {
        private static final long serialVersionUID = 1L;

        Refused(String field, String message) {
            super(field, message);
        }
    }

    public synchronized CallFeatures put(CallFeatures f) {
        List<FieldProblem> problems = f.problems();
        if (!problems.isEmpty()) {
            throw new Refused(problems.get(0).field(), problems.stream().map(p -> p.field() + " " + p.reason())
                    .collect(Collectors.joining("; ")));
        }
        store.put(f);
        book.publish(f);
        return f;
    }
}
