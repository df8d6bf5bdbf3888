package io.switchboard.signaling.cdr;

import static io.switchboard.signaling.store.JdbcInsert.truncate;

import io.switchboard.signaling.store.JdbcInsert;
import io.switchboard.signaling.store.RowSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** JDBC access to the {@code cdrs} table (H2 and PostgreSQL alike). */
public final class CdrStore implements RowSink<Cdr> {
    private static final String COLUMNS = "id, call_id, caller, callee, started_at, answered_at, ended_at, duration_ms, "
            + "disposition, sip_status, ended_by, media_node, trunk, sent_number";
    private static final String INSERT = "INSERT INTO cdrs (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    private final DataSource dataSource;
    private final JdbcInsert<Cdr> inserts;

    public CdrStore(DataSource dataSource) {
        this.dataSource = dataSource;
        this.inserts = new JdbcInsert<>(dataSource, INSERT, CdrStore::bind);
    }

    @Override
    public void insert(Cdr cdr) throws SQLException {
        inserts.insert(cdr);
    }

    /** All of {@code cdrs} in one transaction: all stored, or none (the caller may then try them one by one). */
    @Override
    public void insertAll(List<Cdr> cdrs) throws SQLException {
        inserts.insertAll(cdrs);
    }

    private static void bind(PreparedStatement p, Cdr cdr) throws SQLException {
        p.setString(1, cdr.id());
        p.setString(2, truncate(cdr.callId(), 255));
        p.setString(3, truncate(cdr.caller(), 64));
        p.setString(4, truncate(cdr.callee(), 64));
        p.setTimestamp(5, Timestamp.from(cdr.startedAt()));
        p.setTimestamp(6, cdr.answeredAt() == null ? null : Timestamp.from(cdr.answeredAt()));
        p.setTimestamp(7, Timestamp.from(cdr.endedAt()));
        p.setLong(8, cdr.durationMillis());
        p.setString(9, cdr.disposition().name());
        p.setInt(10, cdr.sipStatus());
        p.setString(11, cdr.endedBy());
        p.setString(12, truncate(cdr.mediaNode(), 64));
        p.setString(13, truncate(cdr.trunk(), 64));
        p.setString(14, truncate(cdr.sentNumber(), 64));
    }

    /** The CDRs {@code filter} selects, newest first. */
    public List<Cdr> page(CdrFilter filter, int offset, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM cdrs" + filter.where()
                     + " ORDER BY started_at DESC, id LIMIT ? OFFSET ?")) {
            int next = filter.bind(p);
            p.setInt(next, limit);
            p.setInt(next + 1, offset);
            List<Cdr> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Timestamp answered = rs.getTimestamp(6);
                    out.add(new Cdr(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant(), answered == null ? null : answered.toInstant(),
                            rs.getTimestamp(7).toInstant(), rs.getLong(8), Disposition.valueOf(rs.getString(9)),
                            rs.getInt(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14)));
                }
            }
            return out;
        }
    }

    /** How many CDRs {@code filter} selects. */
    public long count(CdrFilter filter) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM cdrs" + filter.where())) {
            filter.bind(p);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
