package io.switchboard.signaling.queue;

import io.switchboard.common.queue.QueueDefinition;
import io.switchboard.signaling.directory.Database;
import io.switchboard.signaling.queue.QueueDirectoryException.Reason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * JDBC access to the {@code queues} table (H2 or PostgreSQL, plain SQL for both): one row per
 * queue, the whole definition as JSON ({@link QueueJson}). Only {@link QueueDirectory} calls it.
 */
public final class QueueStore {
    /** SQLSTATE class 23: integrity constraint violation (a duplicate name or number), the same on H2 and PostgreSQL. */
    private static final String CONSTRAINT_VIOLATION = "23";

    private final DataSource dataSource;
    private final Clock clock;

    public QueueStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public QueueStore(Database database) {
        this(database.dataSource(), Clock.systemUTC());
    }

    public Optional<QueueDefinition> find(String name) {
        return one("SELECT definition FROM queues WHERE name = ?", name, "find queue " + name);
    }

    /** The queue stored with {@code number}. */
    public Optional<QueueDefinition> findByNumber(String number) {
        return one("SELECT definition FROM queues WHERE number = ?", number, "find the queue on " + number);
    }

    /** Every queue, by name. */
    public List<QueueDefinition> all() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT definition FROM queues ORDER BY name");
                ResultSet rs = p.executeQuery()) {
            List<QueueDefinition> out = new ArrayList<>();
            while (rs.next()) {
                out.add(QueueJson.readStored(rs.getString(1)));
            }
            return out;
        } catch (SQLException e) {
            throw new QueueStorageException("list queues", e);
        }
    }

    /** Stores a new queue; false when its name or its number is taken already. */
    public boolean insert(QueueDefinition queue) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement(
                        "INSERT INTO queues (name, number, definition, updated_at) VALUES (?, ?, ?, ?)")) {
            p.setString(1, queue.name());
            p.setString(2, queue.number());
            p.setString(3, QueueJson.write(queue));
            p.setObject(4, now());
            p.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (isConstraintViolation(e)) {
                return false;
            }
            throw new QueueStorageException("insert queue " + queue.name(), e);
        }
    }

    /**
     * Replaces a stored queue with what {@code change} makes of it, in one transaction that holds
     * the row's lock ({@code SELECT ... FOR UPDATE}), so two changes of one queue (two agents added
     * at once, on two signaling members) never lose one another. Empty when there is no such
     * queue; whatever {@code change} throws rolls the transaction back and reaches the caller.
     *
     * @throws QueueDirectoryException {@link Reason#CONFLICT} on {@code number} when another queue
     *                                 took the new number meanwhile
     */
    public Optional<QueueDefinition> modify(String name, UnaryOperator<QueueDefinition> change) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                QueueDefinition current;
                try (PreparedStatement p = c.prepareStatement("SELECT definition FROM queues WHERE name = ? FOR UPDATE")) {
                    p.setString(1, name);
                    try (ResultSet rs = p.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return Optional.empty();
                        }
                        current = QueueJson.readStored(rs.getString(1));
                    }
                }
                QueueDefinition next = change.apply(current);
                if (!next.name().equals(name)) {
                    throw new IllegalArgumentException("a queue's name cannot change: " + name + " -> " + next.name());
                }
                try (PreparedStatement p = c.prepareStatement(
                        "UPDATE queues SET number = ?, definition = ?, updated_at = ? WHERE name = ?")) {
                    p.setString(1, next.number());
                    p.setString(2, QueueJson.write(next));
                    p.setObject(3, now());
                    p.setString(4, name);
                    p.executeUpdate();
                }
                c.commit();
                return Optional.of(next);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            if (isConstraintViolation(e)) {
                throw new QueueDirectoryException(Reason.CONFLICT, "number",
                        "another queue took this number meanwhile: " + e.getMessage());
            }
            throw new QueueStorageException("update queue " + name, e);
        }
    }

    /** False when there was no such queue. */
    public boolean delete(String name) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("DELETE FROM queues WHERE name = ?")) {
            p.setString(1, name);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new QueueStorageException("delete queue " + name, e);
        }
    }

    private Optional<QueueDefinition> one(String sql, String key, String action) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, key);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(QueueJson.readStored(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new QueueStorageException(action, e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static boolean isConstraintViolation(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (s.getSQLState() != null && s.getSQLState().startsWith(CONSTRAINT_VIOLATION)) {
                return true;
            }
        }
        return false;
    }
}
