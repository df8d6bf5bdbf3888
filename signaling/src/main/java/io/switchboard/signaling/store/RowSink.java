package io.switchboard.signaling.store;

import java.sql.SQLException;
import java.util.List;

/** Where a {@link BatchWriter} stores its rows. */
public interface RowSink<T> {

    void insert(T row) throws SQLException;

    /** All of {@code rows} in one transaction: all stored, or none (the caller may then try them one by one). */
    void insertAll(List<T> rows) throws SQLException;
}
