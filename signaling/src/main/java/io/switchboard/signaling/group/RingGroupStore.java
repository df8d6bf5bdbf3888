package io.switchboard.signaling.group;

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

/** JDBC access to the {@code ring_groups} table; only {@link RingGroupDirectory} calls it. */
public final class RingGroupStore {
    private final DataSource dataSource;
    private final Clock clock = Clock.systemUTC();

    public RingGroupStore(Database database) {
        this.dataSource = database.dataSource();
    }

    public List<RingGroup> all() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT name, number, strategy, members, ring_seconds, fallthrough "
                        + "FROM ring_groups ORDER BY name");
                ResultSet rs = p.executeQuery()) {
            List<RingGroup> out = new ArrayList<>();
            while (rs.next()) {
                String members = rs.getString(4);
                out.add(new RingGroup(rs.getString(1), rs.getString(2), RingStrategy.valueOf(rs.getString(3)),
                        members.isEmpty() ? List.of() : Arrays.asList(members.split(",")), rs.getInt(5), rs.getString(6)));
            }
            return out;
        } catch (SQLException e) {
            throw new DirectoryStorageException("list ring groups", e);
        }
    }

    public void put(RingGroup g) {
        try {
            io.switchboard.signaling.store.JdbcReplace.replace(dataSource, "DELETE FROM ring_groups WHERE name = ?", g.name(),
                    "INSERT INTO ring_groups (name, number, strategy, members, ring_seconds, fallthrough, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (ins, x) -> {
                        ins.setString(1, x.name());
                        ins.setString(2, x.number());
                        ins.setString(3, x.strategy().name());
                        ins.setString(4, String.join(",", x.members()));
                        ins.setInt(5, x.ringSeconds());
                        ins.setString(6, x.fallthrough());
                        ins.setObject(7, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                    }, g);
        } catch (SQLException e) {
            throw new DirectoryStorageException("store ring group " + g.name(), e);
        }
    }

    public boolean delete(String name) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("DELETE FROM ring_groups WHERE name = ?")) {
            p.setString(1, name);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new DirectoryStorageException("delete ring group " + name, e);
        }
    }
}
