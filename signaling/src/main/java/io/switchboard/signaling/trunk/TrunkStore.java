package io.switchboard.signaling.trunk;

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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** JDBC access to the {@code trunks} table (H2 or PostgreSQL); only {@link TrunkDirectory} calls it. */
public final class TrunkStore {
    private static final String CONSTRAINT_VIOLATION = "23";
    private static final String COLUMNS = "name, kind, host, port, transport, username, password, domain, addresses, "
            + "max_channels, register_expires, inbound_destination, keepalive_seconds, caller_id, enabled, codecs, dtmf_mode, record_calls, inbound_strip, "
            + "inbound_prepend";

    private final DataSource dataSource;
    private final Clock clock;

    public TrunkStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public TrunkStore(Database database) {
        this(database.dataSource(), Clock.systemUTC());
    }

    public Optional<Trunk> find(String name) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM trunks WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DirectoryStorageException("find trunk " + name, e);
        }
    }

    public List<Trunk> all() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM trunks ORDER BY name");
                ResultSet rs = p.executeQuery()) {
            List<Trunk> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new DirectoryStorageException("list trunks", e);
        }
    }

    /** False when the name is taken. */
    public boolean insert(Trunk t) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("INSERT INTO trunks (kind, host, port, transport, username, password, "
                        + "domain, addresses, max_channels, register_expires, inbound_destination, keepalive_seconds, caller_id, enabled, "
                        + "updated_at, codecs, dtmf_mode, record_calls, inbound_strip, inbound_prepend, name) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(p, t);
            p.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith(CONSTRAINT_VIOLATION)) {
                return false;
            }
            throw new DirectoryStorageException("insert trunk " + t.name(), e);
        }
    }

    public boolean update(Trunk t) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("UPDATE trunks SET kind = ?, host = ?, port = ?, transport = ?, username = ?, "
                        + "password = ?, domain = ?, addresses = ?, max_channels = ?, register_expires = ?, inbound_destination = ?, keepalive_seconds = ?, "
                        + "caller_id = ?, enabled = ?, "
                        + "updated_at = ?, codecs = ?, dtmf_mode = ?, record_calls = ?, inbound_strip = ?, inbound_prepend = ? "
                        + "WHERE name = ?")) {
            bind(p, t);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new DirectoryStorageException("update trunk " + t.name(), e);
        }
    }

    public boolean delete(String name) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("DELETE FROM trunks WHERE name = ?")) {
            p.setString(1, name);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new DirectoryStorageException("delete trunk " + name, e);
        }
    }

    /** Insert and update take the same parameters, the name last (the update's key). */
    private void bind(PreparedStatement p, Trunk t) throws SQLException {
        p.setString(1, t.kind().wire());
        p.setString(2, t.host());
        p.setInt(3, t.port());
        p.setString(4, t.transport().wire());
        p.setString(5, t.username());
        p.setString(6, t.password());
        p.setString(7, t.domain());
        p.setString(8, String.join(",", t.addresses()));
        p.setInt(9, t.maxChannels());
        p.setInt(10, t.registerExpires());
        p.setString(11, t.inboundDestination());
        p.setInt(12, t.keepaliveSeconds());
        p.setString(13, t.callerId());
        p.setBoolean(14, t.enabled());
        p.setObject(15, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        p.setString(16, String.join(",", t.media().codecs()));
        p.setString(17, t.media().dtmf().wire());
        p.setBoolean(18, t.media().record());
        p.setInt(19, t.inbound().strip());
        p.setString(20, t.inbound().prepend());
        p.setString(21, t.name());
    }

    private static Trunk row(ResultSet rs) throws SQLException {
        String addresses = rs.getString(9);
        return new Trunk(rs.getString(1), Trunk.Kind.of(rs.getString(2)).orElse(null), rs.getString(3), rs.getInt(4),
                Trunk.Transport.of(rs.getString(5)).orElse(null), rs.getString(6), rs.getString(7), rs.getString(8),
                addresses.isEmpty() ? List.of() : Arrays.asList(addresses.split(",")), rs.getInt(10), rs.getInt(11), rs.getString(12),
                rs.getInt(13), rs.getString(14), rs.getBoolean(15), new TrunkMedia(
                        rs.getString(16).isEmpty() ? List.of() : Arrays.asList(rs.getString(16).split(",")),
                        TrunkMedia.Dtmf.of(rs.getString(17)).orElse(TrunkMedia.Dtmf.RFC4733), rs.getBoolean(18)),
                new InboundRewrite(rs.getInt(19), rs.getString(20)));
    }
}
