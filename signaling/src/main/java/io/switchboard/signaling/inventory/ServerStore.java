package io.switchboard.signaling.inventory;

import io.switchboard.common.cluster.ServerRecord;
import io.switchboard.common.cluster.ServerType;
import io.switchboard.signaling.directory.Database;
import io.switchboard.signaling.directory.DirectoryStorageException;
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
 * JDBC access to the {@code servers} table (H2 or PostgreSQL, plain SQL for both): one row per
 * server, keyed by name. Only {@link ServerDirectory} calls it.
 */
public final class ServerStore {
    /** SQLSTATE class 23: integrity constraint violation (a duplicate name), the same on H2 and PostgreSQL. */
    private static final String CONSTRAINT_VIOLATION = "23";
    private static final String COLUMNS = "name, type, private_address, public_address, max_sessions, enabled, is_default";

    private final DataSource dataSource;
    private final Clock clock;

    public ServerStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public ServerStore(Database database) {
        this(database.dataSource(), Clock.systemUTC());
    }

    public Optional<ServerRecord> find(String name) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM servers WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DirectoryStorageException("find server " + name, e);
        }
    }

    /** Every server, by name. */
    public List<ServerRecord> all() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM servers ORDER BY name");
                ResultSet rs = p.executeQuery()) {
            List<ServerRecord> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new DirectoryStorageException("list servers", e);
        }
    }

    /** Stores a new server; false when its name is taken already. */
    public boolean insert(ServerRecord server) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("INSERT INTO servers (type, private_address, public_address, "
                        + "max_sessions, enabled, is_default, updated_at, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(p, server);
            p.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (isConstraintViolation(e)) {
                return false;
            }
            throw new DirectoryStorageException("insert server " + server.name(), e);
        }
    }

    /** Replaces a stored server's fields (one statement, so atomic); false when there is no such server. */
    public boolean update(ServerRecord server) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("UPDATE servers SET type = ?, private_address = ?, "
                        + "public_address = ?, max_sessions = ?, enabled = ?, is_default = ?, updated_at = ? WHERE name = ?")) {
            bind(p, server);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new DirectoryStorageException("update server " + server.name(), e);
        }
    }

    /** False when there was no such server. */
    public boolean delete(String name) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("DELETE FROM servers WHERE name = ?")) {
            p.setString(1, name);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new DirectoryStorageException("delete server " + name, e);
        }
    }

    /** Insert and update take the same parameters, the name last (it is the update's key). */
    private void bind(PreparedStatement p, ServerRecord s) throws SQLException {
        p.setString(1, s.type().role());
        p.setString(2, s.privateAddress());
        p.setString(3, s.publicAddress());
        p.setInt(4, s.maxSessions());
        p.setBoolean(5, s.enabled());
        p.setBoolean(6, s.isDefault());
        p.setObject(7, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        p.setString(8, s.name());
    }

    private static ServerRecord row(ResultSet rs) throws SQLException {
        return new ServerRecord(rs.getString(1), ServerType.ofRole(rs.getString(2)).orElse(null), rs.getString(3),
                rs.getString(4), rs.getInt(5), rs.getBoolean(6), rs.getBoolean(7));
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
