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
import javax.sql.DataSource;

/** JDBC access to the {@code routes} table; only {@link RouteDirectory} calls it. */
public final class RouteStore {
    private final DataSource dataSource;
    private final Clock clock;

    public RouteStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public RouteStore(Database database) {
        this(database.dataSource(), Clock.systemUTC());
    }

    public List<OutboundRoute> all() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT name, priority, pattern, strip_digits, prepend, trunks, callers, "
                        + "emergency FROM routes ORDER BY priority, name");
                ResultSet rs = p.executeQuery()) {
            List<OutboundRoute> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new OutboundRoute(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                        Arrays.asList(rs.getString(6).split(",")), rs.getString(7), rs.getBoolean(8)));
            }
            return out;
        } catch (SQLException e) {
            throw new DirectoryStorageException("list routes", e);
        }
    }

    /** Inserts or replaces the route of that name. */
    public void put(OutboundRoute r) {
        try {
            io.switchboard.signaling.store.JdbcReplace.replace(dataSource, "DELETE FROM routes WHERE name = ?", r.name(),
                    "INSERT INTO routes (name, priority, pattern, strip_digits, prepend, trunks, callers, emergency, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (ins, x) -> {
                        ins.setString(1, x.name());
                        ins.setInt(2, x.priority());
                        ins.setString(3, x.pattern());
                        ins.setInt(4, x.strip());
                        ins.setString(5, x.prepend());
                        ins.setString(6, String.join(",", x.trunks()));
                        ins.setString(7, x.callers());
                        ins.setBoolean(8, x.emergency());
                        ins.setObject(9, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                    }, r);
        } catch (SQLException e) {
            throw new DirectoryStorageException("store route " + r.name(), e);
        }
    }

    public boolean delete(String name) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("DELETE FROM routes WHERE name = ?")) {
            p.setString(1, name);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new DirectoryStorageException("delete route " + name, e);
        }
    }
}
