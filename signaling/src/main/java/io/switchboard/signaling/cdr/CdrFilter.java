package io.switchboard.signaling.cdr;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which CDRs a listing wants: those that started in [from, to), optionally only the calls of one
 * extension (as caller or callee) and only one disposition.
 */
public record CdrFilter(Instant from, Instant to, Optional<String> extension, Optional<Disposition> disposition) {
    public CdrFilter {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(disposition, "disposition");
    }

    public static CdrFilter between(Instant from, Instant to) {
        return new CdrFilter(from, to, Optional.empty(), Optional.empty());
    }

    /** The WHERE clause, with one placeholder per value {@link #bind} sets. */
    String where() {
        StringBuilder sql = new StringBuilder(" WHERE started_at >= ? AND started_at < ?");
        extension.ifPresent(e -> sql.append(" AND (caller = ? OR callee = ?)"));
        disposition.ifPresent(d -> sql.append(" AND disposition = ?"));
        return sql.toString();
    }

    /** Sets the clause's values from parameter 1; returns the next free parameter index. */
    int bind(PreparedStatement p) throws SQLException {
        int i = 1;
        p.setTimestamp(i++, Timestamp.from(from));
        p.setTimestamp(i++, Timestamp.from(to));
        if (extension.isPresent()) {
            p.setString(i++, extension.get());
            p.setString(i++, extension.get());
        }
        if (disposition.isPresent()) {
            p.setString(i++, disposition.get().name());
        }
        return i;
    }
}
