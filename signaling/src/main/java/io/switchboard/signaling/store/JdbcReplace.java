package io.switchboard.signaling.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Replaces a row by its key in one transaction: the old row deleted, the new one inserted (or none,
 * for a row back to its defaults). Plain SQL that H2 and PostgreSQL both take, where their upserts differ.
 */
public final class JdbcReplace {
    private JdbcReplace() {
    }

    /**
     * @param deleteSql deletes by the key, its one parameter
     * @param insertSql the insert, its parameters set by {@code binder}; null to leave the key without a row
     */
    public static <T> void replace(DataSource dataSource, String deleteSql, String key, String insertSql,
                                   JdbcInsert.Binder<T> binder, T row) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement(deleteSql)) {
                del.setString(1, key);
                del.executeUpdate();
                if (insertSql != null) {
                    try (PreparedStatement ins = c.prepareStatement(insertSql)) {
                        binder.bind(ins, row);
                        ins.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
