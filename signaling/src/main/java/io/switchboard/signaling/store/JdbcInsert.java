package io.switchboard.signaling.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/** One INSERT statement and how a row binds to it, run for one row or for many in one transaction. */
public final class JdbcInsert<T> implements RowSink<T> {

    /** Sets one row's values on the statement's parameters. */
    @FunctionalInterface
    public interface Binder<T> {
        void bind(PreparedStatement p, T row) throws SQLException;
    }

    private final DataSource dataSource;
    private final String sql;
    private final Binder<T> binder;

    public JdbcInsert(DataSource dataSource, String sql, Binder<T> binder) {
        this.dataSource = dataSource;
        this.sql = sql;
        this.binder = binder;
    }

    @Override
    public void insert(T row) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement(sql)) {
            binder.bind(p, row);
            p.executeUpdate();
        }
    }

    @Override
    public void insertAll(List<T> rows) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (T row : rows) {
                    binder.bind(p, row);
                    p.addBatch();
                }
                p.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /** {@code s} cut to a column's width; null becomes "" (the text columns are NOT NULL). */
    public static String truncate(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max);
    }
}
