package io.switchboard.common.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.function.Consumer;

/**
 * Starts this process's Hazelcast member: TCP/IP join with the configured members, multicast and
 * phone-home off, fast failure detection. Roles add their maps and serializers through the customizer
 * before the member starts (Hazelcast cannot take a MapStore implementation afterwards).
 */
public final class ClusterMember {
    private ClusterMember() {
    }

    public static HazelcastInstance start(ClusterSettings settings, String instanceName, Consumer<Config> customizer) {
        AsyncCompletions.bound();
        return Hazelcast.newHazelcastInstance(config(settings, instanceName, customizer));
    }

    static Config config(ClusterSettings settings, String instanceName, Consumer<Config> customizer) {
        Config config = new Config();
        config.setClusterName(settings.name());
        config.setInstanceName(instanceName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        // We stop Hazelcast ourselves, after the SIP ports are closed.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        // Default is 60 s before a dead member is dropped: far too slow for call routing.
        long timeoutSeconds = Math.max(2, settings.memberTimeout().toSeconds());
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(timeoutSeconds));
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        // A cut between two members that both still reach the others (the HA pair's link) is reported
        // to the master, which may be any member, a worker too: it then keeps the largest set that all
        // see each other, 3 heartbeats after the last report. Off by default: the master would ignore
        // the report, and both sides would stay members for as long as the cut lasts.
        config.setProperty("hazelcast.partial.member.disconnection.resolution.heartbeat.count", "3");
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        // Near caches learn of changes in batches, every 10 s by default: a disabled user or new
        // password must reach every registrar faster than that.
        config.setProperty("hazelcast.map.invalidation.batchfrequency.seconds", "1");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(true).setPortCount(20);
        network.getInterfaces().setEnabled(true).addInterface(settings.bindAddress());
        config.setProperty("hazelcast.local.localAddress", settings.bindAddress());
        // Listen on the cluster address only, not every interface: Hazelcast is unauthenticated, and two
        // processes on one host with different bind addresses must not find each other on 0.0.0.0.
        config.setProperty("hazelcast.socket.bind.any", "false");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
        config.getSerializationConfig().getSerializerConfigs().add(
                new com.hazelcast.config.SerializerConfig().setTypeClass(NodeStatus.class)
                        .setImplementation(new NodeStatusSerializer()));
        customizer.accept(config);
        return config;
    }
}
