package io.switchboard.signaling.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * JDBC access to the {@code users} table. Only {@link UserMapStore} (for the cluster map) and
 * {@link UserDirectory} (for listing and import) call it; everything else goes through the map.
 */
public final class UserStore {

    private static final String COLUMNS =
            "extension, display_name, enabled, realm, ha1_md5, ha1_sha256, created_at, updated_at";
    /** Rows per JDBC batch and per transaction when writing many users. */
    public static final int BATCH_SIZE = 1000;
    /** Keys per {@code IN (...)} query, well under every driver's parameter limit. */
    private static final int IN_CHUNK = 500;

    private final DataSource dataSource;
    private final SqlDialect dialect;

    public UserStore(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    public UserStore(Database database) {
        this(database.dataSource(), database.dialect());
    }

    public Optional<SipUser> find(String extension) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE extension = ?")) {
            p.setString(1, extension);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DirectoryStorageException("find " + extension, e);
        }
    }

    /** The users among {@code extensions} that exist, by extension. */
    public Map<String, SipUser> findAll(Collection<String> extensions) {
        Map<String, SipUser> found = new HashMap<>();
        List<String> keys = new ArrayList<>(extensions);
        try (Connection c = dataSource.getConnection()) {
            for (int from = 0; from < keys.size(); from += IN_CHUNK) {
                List<String> chunk = keys.subList(from, Math.min(keys.size(), from + IN_CHUNK));
                String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT " + COLUMNS + " FROM users WHERE extension IN (" + marks + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        p.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            SipUser user = read(rs);
                            found.put(user.extension(), user);
                        }
                    }
                }
            }
            return found;
        } catch (SQLException e) {
            throw new DirectoryStorageException("find " + keys.size() + " users", e);
        }
    }

    public void upsert(SipUser user) {
        upsertAll(List.of(user), true);
    }

    public void upsertAll(Collection<SipUser> users) {
        upsertAll(users, true);
    }

    /**
     * Writes {@code users} in JDBC batches of {@link #BATCH_SIZE}, one transaction per batch;
     * with {@code updateEnabled} false, existing users keep their enabled flag.
     */
    public void upsertAll(Collection<SipUser> users, boolean updateEnabled) {
        if (users.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement(dialect.upsertUser(updateEnabled))) {
                int pending = 0;
                for (SipUser u : users) {
                    bind(p, u);
                    p.addBatch();
                    if (++pending == BATCH_SIZE) {
                        p.executeBatch();
                        c.commit();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    p.executeBatch();
                    c.commit();
                }
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new DirectoryStorageException("write " + users.size() + " users", e);
        }
    }

    public boolean delete(String extension) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("DELETE FROM users WHERE extension = ?")) {
            p.setString(1, extension);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new DirectoryStorageException("delete " + extension, e);
        }
    }

    public void deleteAll(Collection<String> extensions) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("DELETE FROM users WHERE extension = ?")) {
            for (String extension : extensions) {
                p.setString(1, extension);
                p.addBatch();
            }
            p.executeBatch();
        } catch (SQLException e) {
            throw new DirectoryStorageException("delete " + extensions.size() + " users", e);
        }
    }

    /**
     * Streams up to {@code limit} users to {@code sink} in one query (the credential cache's bulk
     * load at start-up); returns how many were read. Autocommit is off so PostgreSQL honours the
     * fetch size instead of materialising the whole table.
     */
    public int forEach(int limit, java.util.function.Consumer<SipUser> sink) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            int read = 0;
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM users LIMIT ?")) {
                p.setInt(1, limit);
                p.setFetchSize(BATCH_SIZE);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(read(rs));
                        read++;
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
            return read;
        } catch (SQLException e) {
            throw new DirectoryStorageException("read all users", e);
        }
    }

    /**
     * Users ordered by extension after {@code after} (keyset paging: an index range however deep the
     * page, where OFFSET would walk every row before it), matching {@code query}: digits match the
     * start of the extension, anything else the start of the display name, case-insensitive (both an
     * index range: the primary key, {@code name_key}).
     */
    public List<SipUser> search(String query, String after, int limit) {
        Filter f = Filter.of(query, after);
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE " + f.where()
                        + " ORDER BY extension LIMIT ?")) {
            int i = f.bind(p);
            p.setInt(i, limit);
            return users(p, limit);
        } catch (SQLException e) {
            throw new DirectoryStorageException("search users", e);
        }
    }

    /** The rows a bound listing query returns, at most {@code limit}. */
    private List<SipUser> users(PreparedStatement p, int limit) throws SQLException {
        List<SipUser> users = new ArrayList<>(Math.min(limit, 1000));
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                users.add(read(rs));
            }
        }
        return users;
    }

    /** How many users match {@code query} (every user when it is empty). */
    public long count(String query) {
        Filter f = Filter.of(query, "");
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM users WHERE " + f.where())) {
            f.bind(p);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new DirectoryStorageException("count users", e);
        }
    }

    /** A search's WHERE clause and its parameters, in order. */
    private record Filter(String where, List<String> params) {
        static Filter of(String query, String after) {
            StringBuilder where = new StringBuilder("1 = 1");
            List<String> params = new ArrayList<>();
            String q = query == null ? "" : query.strip();
            if (!q.isEmpty() && q.chars().allMatch(Character::isDigit)) {
                // '~' sorts after every character an extension may hold: [q, q~) is "starts with q".
                where.append(" AND extension >= ? AND extension < ?");
                params.add(q);
                params.add(q + "~");
            } else if (!q.isEmpty()) {
                // The start of the name, case-insensitive: a range on the indexed name_key (the index's way in),
                // and LIKE for the exact "starts with" wherever a collation orders strings its own way.
                String key = q.toLowerCase(java.util.Locale.ROOT);
                where.append(" AND name_key >= ? AND name_key < ? AND name_key LIKE ? ESCAPE '!'");
                params.add(key);
                params.add(key.substring(0, key.length() - 1) + (char) (key.charAt(key.length() - 1) + 1));
                params.add(key.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
            }
            if (after != null && !after.isEmpty()) {
                where.append(" AND extension > ?");
                params.add(after);
            }
            return new Filter(where.toString(), params);
        }

        /** Binds the parameters; returns the next parameter index. */
        int bind(PreparedStatement p) throws SQLException {
            int i = 1;
            for (String v : params) {
                p.setString(i++, v);
            }
            return i;
        }
    }

    /** Users ordered by extension, {@code limit} of them from {@code offset}. */
    public List<SipUser> page(int offset, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement(
                        "SELECT " + COLUMNS + " FROM users ORDER BY extension LIMIT ? OFFSET ?")) {
            p.setInt(1, limit);
            p.setInt(2, offset);
            return users(p, limit);
        } catch (SQLException e) {
            throw new DirectoryStorageException("list users", e);
        }
    }

    public long count() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM users");
                ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new DirectoryStorageException("count users", e);
        }
    }

    private static void bind(PreparedStatement p, SipUser u) throws SQLException {
        p.setString(1, u.extension());
        p.setString(2, u.displayName());
        p.setBoolean(3, u.enabled());
        p.setString(4, u.realm());
        p.setString(5, u.ha1Md5());
        p.setString(6, u.ha1Sha256());
        p.setObject(7, OffsetDateTime.ofInstant(u.createdAt(), ZoneOffset.UTC));
        p.setObject(8, OffsetDateTime.ofInstant(u.updatedAt(), ZoneOffset.UTC));
    }

    private static SipUser read(ResultSet rs) throws SQLException {
        return new SipUser(
                rs.getString(1),
                rs.getString(2),
                rs.getBoolean(3),
                rs.getString(4),
                rs.getString(5).trim(),
                rs.getString(6).trim(),
                rs.getObject(7, OffsetDateTime.class).toInstant(),
                rs.getObject(8, OffsetDateTime.class).toInstant());
    }
}
