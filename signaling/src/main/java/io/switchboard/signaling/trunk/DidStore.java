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
import java.util.List;
import javax.sql.DataSource;

/** JDBC access to the {@code dids} table; only {@link DidDirectory} calls it. */
public final class DidStore {
    private final DataSource dataSource;
    private final Clock clock;

    public DidStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public DidStore(Database database) {
        this(database.dataSource(), Clock.systemUTC());
    }

    public List<Did> all() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT number, destination, description FROM dids ORDER BY number");
                ResultSet rs = p.executeQuery()) {
            List<Did> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Did(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
            return out;
        } catch (SQLException e) {
            throw new DirectoryStorageException("list DIDs", e);
        }
    }

    /** Inserts or replaces the DID of that number. */
    public void put(Did d) {
        try {
            io.switchboard.signaling.store.JdbcReplace.replace(dataSource, "DELETE FROM dids WHERE number = ?", d.number(),
                    "INSERT INTO dids (number, destination, description, updated_at) VALUES (?, ?, ?, ?)", (ins, x) -> {
                        ins.setString(1, x.number());
                        ins.setString(2, x.destination());
                        ins.setString(3, x.description());
                        ins.setObject(4, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                    }, d);
        } catch (SQLException e) {
            throw new DirectoryStorageException("store DID " + d.number(), e);
        }
    }

    public boolean delete(String number) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("DELETE FROM dids WHERE number = ?")) {
            p.setString(1, number);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new DirectoryStorageException("delete DID " + number, e);
        }
    }
}
