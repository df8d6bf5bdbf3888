package io.switchboard.signaling.room;

import io.switchboard.common.meeting.RoomDefinition;
import io.switchboard.signaling.directory.Database;
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
import javax.sql.DataSource;

/**
 * JDBC access to the {@code rooms} table (H2 or PostgreSQL, plain SQL for both): one row per room,
 * keyed by its number, one column per setting. Only {@link RoomDirectory} calls it.
 */
public final class RoomStore {
    /** SQLSTATE class 23: integrity constraint violation (a duplicate number), the same on H2 and PostgreSQL. */
    private static final String CONSTRAINT_VIOLATION = "23";
    private static final String COLUMNS = "number, name, pin, moderator_pin, max_participants, wait_for_moderator, "
            + "record, announce_join_leave, talkers";

    private final DataSource dataSource;
    private final Clock clock;

    public RoomStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public RoomStore(Database database) {
        this(database.dataSource(), Clock.systemUTC());
    }

    public Optional<RoomDefinition> find(String number) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM rooms WHERE number = ?")) {
            p.setString(1, number);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new RoomStorageException("find room " + number, e);
        }
    }

    /** Every room, by number. */
    public List<RoomDefinition> all() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM rooms ORDER BY number");
                ResultSet rs = p.executeQuery()) {
            List<RoomDefinition> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new RoomStorageException("list rooms", e);
        }
    }

    /** Stores a new room; false when its number is taken already. */
    public boolean insert(RoomDefinition room) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("INSERT INTO rooms (name, pin, moderator_pin, max_participants, "
                        + "wait_for_moderator, record, announce_join_leave, talkers, updated_at, number) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(p, room);
            p.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (isConstraintViolation(e)) {
                return false;
            }
            throw new RoomStorageException("insert room " + room.number(), e);
        }
    }

    /** Replaces a stored room's settings (one statement, so atomic); false when there is no such room. */
    public boolean update(RoomDefinition room) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("UPDATE rooms SET name = ?, pin = ?, moderator_pin = ?, "
                        + "max_participants = ?, wait_for_moderator = ?, record = ?, announce_join_leave = ?, talkers = ?, "
                        + "updated_at = ? WHERE number = ?")) {
            bind(p, room);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new RoomStorageException("update room " + room.number(), e);
        }
    }

    /** False when there was no such room. */
    public boolean delete(String number) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("DELETE FROM rooms WHERE number = ?")) {
            p.setString(1, number);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new RoomStorageException("delete room " + number, e);
        }
    }

    /** Insert and update take the same parameters, the number last (it is the update's key). */
    private void bind(PreparedStatement p, RoomDefinition room) throws SQLException {
        p.setString(1, room.name());
        p.setString(2, room.pin());
        p.setString(3, room.moderatorPin());
        p.setInt(4, room.maxParticipants());
        p.setBoolean(5, room.waitForModerator());
        p.setBoolean(6, room.record());
        p.setBoolean(7, room.announceJoinLeave());
        p.setInt(8, room.talkers());
        p.setObject(9, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        p.setString(10, room.number());
    }

    private static RoomDefinition row(ResultSet rs) throws SQLException {
        return new RoomDefinition(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8), rs.getInt(9));
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
