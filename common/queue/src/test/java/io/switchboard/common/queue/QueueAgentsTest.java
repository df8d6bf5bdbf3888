package io.switchboard.common.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Agents' logins and pauses in a real Hazelcast member, and queue definitions seen by number. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueAgentsTest {
    private HazelcastInstance hz;
    private QueueAgents agents;

    @BeforeAll
    void start() {
        Config config = new Config();
        config.setClusterName("queue-agents-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.getNetworkConfig().setPort(5951).setPortAutoIncrement(true);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        QueueMaps.configure(config);
        hz = Hazelcast.newHazelcastInstance(config);
        agents = new QueueAgents(hz, Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC));
    }

    @AfterAll
    void stop() {
        hz.getLifecycleService().terminate();
    }

    @Test
    void anAgentNeverSeenIsLoggedOut() {
        assertThat(agents.get("2000").status()).isEqualTo(AgentStatus.LOGGED_OUT);
        assertThat(agents.getAll(List.of("2000", "2001"))).containsOnlyKeys("2000", "2001");
    }

    @Test
    void loginAndLogoutAreIdempotent() {
        AgentState in = agents.login("2010");
        assertThat(in.status()).isEqualTo(AgentStatus.AVAILABLE);
        assertThat(in.since()).isEqualTo(1_000);
        assertThat(agents.login("2010")).isEqualTo(in);

        assertThat(agents.logout("2010").status()).isEqualTo(AgentStatus.LOGGED_OUT);
        assertThat(agents.logout("2010").status()).isEqualTo(AgentStatus.LOGGED_OUT);
    }

    @Test
    void aLoggedOutAgentCannotPause() {
        assertThat(agents.pause("2020", "lunch")).isEmpty();
        assertThat(agents.togglePause("2020")).isEmpty();
        assertThat(agents.get("2020").status()).isEqualTo(AgentStatus.LOGGED_OUT);
    }

    @Test
    void pauseAndUnpause() {
        agents.login("2030");

        assertThat(agents.pause("2030", "lunch")).hasValueSatisfying(s -> assertThat(s.pauseReason()).isEqualTo("lunch"));
        assertThat(agents.unpause("2030")).hasValueSatisfying(s -> assertThat(s.status()).isEqualTo(AgentStatus.AVAILABLE));
        assertThat(agents.unpause("2030")).as("not paused").isEmpty();
    }

    @Test
    void featureCodeTogglesFlipLoginAndPause() {
        assertThat(agents.toggleLogin("2040").status()).isEqualTo(AgentStatus.AVAILABLE);
        assertThat(agents.togglePause("2040")).hasValueSatisfying(s -> assertThat(s.status()).isEqualTo(AgentStatus.PAUSED));
        assertThat(agents.togglePause("2040")).hasValueSatisfying(s -> assertThat(s.status()).isEqualTo(AgentStatus.AVAILABLE));
        assertThat(agents.toggleLogin("2040").status()).isEqualTo(AgentStatus.LOGGED_OUT);
    }

    @Test
    void publishedQueuesAreFoundByNumberAndAgent() {
        QueueDefinitions definitions = new QueueDefinitions(hz);
        QueueDefinition sales = QueueDefinition.defaults("sales", "7100").withMembers(List.of(QueueMember.of("2050")));
        definitions.publish(sales);

        assertThat(definitions.byNumber("7100")).contains(sales);
        assertThat(definitions.ofAgent("2050")).containsExactly(sales);
        definitions.publish(sales); // the same definition again (as its own map event does)
        assertThat(definitions.byNumber("7100")).as("still found by its number").contains(sales);
        assertThat(definitions.isAgent("2050")).isTrue();

        definitions.publish(QueueDefinition.defaults("sales", "7101"));
        assertThat(definitions.byNumber("7100")).as("renumbered").isEmpty();
        assertThat(definitions.byNumber("7101")).isPresent();
        definitions.withdraw("sales");
        assertThat(definitions.get("sales")).isEmpty();
        assertThat(definitions.byNumber("7101")).isEmpty();
    }
}
