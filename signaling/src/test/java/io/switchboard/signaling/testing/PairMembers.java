package io.switchboard.signaling.testing;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.function.Consumer;

/** A member of a two-member Hazelcast cluster on loopback for tests of state shared by the signaling pair. */
public final class PairMembers {
    private PairMembers() {
    }

    /**
     * Starts a member of {@code cluster} on {@code basePort} or the next port (each test class its own
     * base, so classes never join each other), configured further by {@code configure}.
     */
    public static HazelcastInstance member(String cluster, int basePort, Consumer<Config> configure) {
        Config config = new Config().setClusterName(cluster);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setPort(basePort).setPortAutoIncrement(true);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true)
                .addMember("127.0.0.1:" + basePort).addMember("127.0.0.1:" + (basePort + 1));
        configure.accept(config);
        return Hazelcast.newHazelcastInstance(config);
    }
}
