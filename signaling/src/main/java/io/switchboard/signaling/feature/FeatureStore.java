package io.switchboard.signaling.feature;

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

/** JDBC access to the {@code user_features} table; only {@link FeatureDirectory} calls it. */
public final class FeatureStore {
    private final DataSource dataSource;
    private final Clock clock;

    public FeatureStore(Database database) {
        this.dataSource = database.dataSource();
        this.clock = Clock.systemUTC();
    }

    public List<CallFeatures> all() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT extension, dnd, forward_always, forward_busy, forward_no_answer, "
                        + "forward_unregistered, no_answer_seconds, caller_id, withhold_caller_id FROM user_features");
                ResultSet rs = p.executeQuery()) {
            List<CallFeatures> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new CallFeatures(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getInt(7), rs.getString(8), rs.getBoolean(9)));
            }
            return out;
        } catch (SQLException e) {
            throw new DirectoryStorageException("list call features", e);
        }
    }

    /** Stores a user's features; a user back to the defaults loses its row. */
    public void put(CallFeatures f) {
        try {
            io.switchboard.signaling.store.JdbcReplace.replace(dataSource, "DELETE FROM user_features WHERE extension = ?",
                    f.extension(), f.isDefault() ? null : "INSERT INTO user_features (extension, dnd, forward_always, forward_busy, "
                            + "forward_no_answer, forward_unregistered, no_answer_seconds, updated_at, caller_id, withhold_caller_id) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (ins, x) -> {
                        ins.setString(1, x.extension());
                        ins.setBoolean(2, x.dnd());
                        ins.setString(3, x.forwardAlways());
                        ins.setString(4, x.forwardBusy());
                        ins.setString(5, x.forwardNoAnswer());
                        ins.setString(6, x.forwardUnregistered());
                        ins.setInt(7, x.noAnswerSeconds());
                        ins.setObject(8, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                        ins.setString(9, x.callerId());
                        ins.setBoolean(10, x.withholdCallerId());
                    }, f);
        } catch (SQLException e) {
            throw new DirectoryStorageException("store call features of " + f.extension(), e);
        }
    }
}
