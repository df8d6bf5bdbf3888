package io.switchboard.signaling.directory;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.properties.ClusterProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Test fixture: an H2 file database in a temporary directory and real Hazelcast members of one
 * cluster with a random name, joined over TCP/IP on 127.0.0.1 only.
 */
public final class DirectoryCluster implements AutoCloseable {

    public static final String REALM = "switchboard.test";

    static {
        quietLogs();
    }

    private final String clusterName = "sb-test-" + UUID.randomUUID();
    private final List<HazelcastInstance> members = new ArrayList<>();
    private final Database database;
    private final UserStore store;

    public DirectoryCluster(Path dataDir) {
        this.database = Database.open(jdbcUrl(dataDir), "sa", "");
        this.store = new UserStore(database);
    }

    public static String jdbcUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("switchboard").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    public Database database() {
        return database;
    }

    public UserStore store() {
        return store;
    }

    /** Starts one more member and returns a directory on it. */
    public UserDirectory newMemberDirectory() {
        return newMemberDirectory(ReservedNumbers.NONE);
    }

    /** Starts one more member whose directory refuses the {@code reserved} numbers. */
    public UserDirectory newMemberDirectory(ReservedNumbers reserved) {
        return newMemberDirectory(reserved, PasswordPolicy.defaults());
    }

    /** Starts one more member whose directory applies {@code policy} to passwords. */
    public UserDirectory newMemberDirectory(ReservedNumbers reserved, PasswordPolicy policy) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        // Near-cache invalidations are batched every 10 s by default; tests want them sooner.
        config.setProperty(ClusterProperty.MAP_INVALIDATION_MESSAGE_BATCH_FREQUENCY_SECONDS.getName(), "1");
        config.getNetworkConfig().setPort(5901).setPortAutoIncrement(true);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        UserDirectory.configure(config, store);
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
        members.add(hz);
        return new UserDirectory(hz, store, REALM, reserved, policy);
    }

    /** Logback without a configuration file logs DEBUG; Hazelcast, Jetty and HikariCP are loud there. */
    public static void quietLogs() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.INFO);
    }

    public List<HazelcastInstance> members() {
        return members;
    }

    @Override
    public void close() {
        for (HazelcastInstance hz : members) {
            hz.getLifecycleService().terminate();
        }
        database.close();
    }
}
