package io.switchboard.signaling.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The HA standby's copy of the registrations follows the active's writes, so a promotion has nothing to load. */
class LocationFollowTest {

    @Test
    void aFollowingStandbySeesEveryBindingTheActiveAddsAndRemovesAndStopsFollowingWhenItLeads() throws Exception {
        Config config = new Config().setClusterName("follow-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setPort(5951).setPortAutoIncrement(true);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        LocationService.configure(config);
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
        Clock clock = Clock.systemUTC();
        try (LocationService active = new LocationService(hz, clock)) {
            active.update("1001", b -> b.put(binding("sip:1001@192.0.2.10:5060", clock)));
            try (LocationService standby = new LocationService(hz, clock)) {
                standby.follow();
                assertThat(standby.following()).isTrue();
                await().atMost(Duration.ofSeconds(5)).until(() -> !standby.lookup("1001").isEmpty());

                active.update("1002", b -> b.put(binding("sip:1002@192.0.2.11:5060", clock)));
                active.update("1001", b -> Bindings.empty("1001"));
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    assertThat(standby.lookup("1002").contacts()).extracting(Binding::contact)
                            .containsExactly("sip:1002@192.0.2.11:5060");
                    assertThat(standby.lookup("1001").isEmpty()).as("removed on the active").isTrue();
                });

                standby.lead();
                assertThat(standby.following()).isFalse();
                active.update("1003", b -> b.put(binding("sip:1003@192.0.2.12:5060", clock)));
                Thread.sleep(300);
                assertThat(standby.lookup("1003").isEmpty()).as("a leader no longer applies others' writes").isTrue();
            }
        } finally {
            hz.shutdown();
        }
    }

    private static Binding binding(String contact, Clock clock) {
        long now = clock.millis();
        return new Binding(contact, "", UUID.randomUUID().toString(), 1, now + 600_000, "192.0.2.10:5060", "udp", now,
                "test-phone");
    }
}
