package io.switchboard.signaling.queue;

import static io.switchboard.signaling.store.JdbcInsert.truncate;

import io.switchboard.common.queue.QueueCallOutcome;
import io.switchboard.common.queue.QueueCallRecord;
import io.switchboard.signaling.directory.Database;
import io.switchboard.signaling.store.JdbcInsert;
import io.switchboard.signaling.store.RowSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * JDBC access to the {@code queue_calls} table (H2 and PostgreSQL alike): one row per caller who
 * reached a queue ({@link QueueCallRecord}). {@link QueueCallWriter} writes, the admin API reads.
 */
public final class QueueCallStore implements RowSink<QueueCallRecord> {
    private static final String COLUMNS = "id, queue_name, caller, joined_at, ended_at, wait_ms, outcome, agent, "
            + "destination, callback, call_id, agent_call_id, node";
    private static final String INSERT = "INSERT INTO queue_calls (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";

    private final DataSource dataSource;
    private final JdbcInsert<QueueCallRecord> inserts;

    public QueueCallStore(DataSource dataSource) {
        this.dataSource = dataSource;
        this.inserts = new JdbcInsert<>(dataSource, INSERT, QueueCallStore::bind);
    }

    public QueueCallStore(Database database) {
        this(database.dataSource());
    }

    @Override
    public void insert(QueueCallRecord record) throws SQLException {
        inserts.insert(record);
    }

    /** All of {@code records} in one transaction: all stored, or none (the caller may then try them one by one). */
    @Override
    public void insertAll(List<QueueCallRecord> records) throws SQLException {
        inserts.insertAll(records);
    }

    /** The last {@code limit} callers of {@code queue} to leave it, newest first. */
    public List<QueueCallRecord> recent(String queue, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM queue_calls WHERE queue_name = ? "
                     + "ORDER BY ended_at DESC, id LIMIT ?")) {
            p.setString(1, queue);
            p.setInt(2, limit);
            List<QueueCallRecord> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String outcome = rs.getString(7);
                    out.add(new QueueCallRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).getTime(), rs.getTimestamp(5).getTime(), rs.getLong(6),
                            QueueCallOutcome.ofLabel(outcome).orElseThrow(() ->
                                    new SQLException("queue_calls: unknown outcome '" + outcome + "'")),
                            rs.getString(8), rs.getString(9), rs.getBoolean(10), rs.getString(11), rs.getString(12),
                            rs.getString(13)));
                }
            }
            return out;
        }
    }

    private static void bind(PreparedStatement p, QueueCallRecord r) throws SQLException {
        p.setString(1, r.id());
        p.setString(2, truncate(r.queue(), 64));
        p.setString(3, truncate(r.caller(), 64));
        p.setTimestamp(4, new Timestamp(r.joinedAt()));
        p.setTimestamp(5, new Timestamp(r.endedAt()));
        p.setLong(6, r.waitMillis());
        p.setString(7, r.outcome().label());
        p.setString(8, truncate(r.agent(), 32));
        p.setString(9, truncate(r.destination(), 32));
        p.setBoolean(10, r.callback());
        p.setString(11, truncate(r.callId(), 255));
        p.setString(12, truncate(r.agentCallId(), 255));
        p.setString(13, truncate(r.node(), 64));
    }
}
