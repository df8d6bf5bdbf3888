package io.switchboard.common.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import io.switchboard.common.cluster.ClusterMember;
import io.switchboard.common.cluster.ClusterSettings;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Two real members: what one stores, the other reads back through the serializer. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IvrAppsTest {
    private final ClusterSettings settings = new ClusterSettings("ivr-test-" + UUID.randomUUID(), "127.0.0.1", 5901,
            List.of("127.0.0.1:5901", "127.0.0.1:5902"), Duration.ofSeconds(1), Duration.ofSeconds(5));
    private HazelcastInstance a;
    private HazelcastInstance b;
    private IvrApps onA;
    private IvrApps onB;

    @BeforeAll
    void start() {
        a = ClusterMember.start(settings, "a-" + UUID.randomUUID(), IvrApps::configure);
        b = ClusterMember.start(settings, "b-" + UUID.randomUUID(), IvrApps::configure);
        onA = new IvrApps(a);
        onB = new IvrApps(b);
    }

    @AfterAll
    void stop() {
        b.shutdown();
        a.shutdown();
    }

    @Test
    void routingSeesItsOwnChangesAtOnceAndOtherMembersWithinASecond() {
        IvrApp parsed = IvrAppParser.parse(IvrAppParserTest.SHOP, IvrAppParserTest.PROMPTS);
        assertThat(onA.routeNumber("8100")).isEmpty();
        onA.put(parsed);
        assertThat(onA.routeNumber("8100")).map(IvrApp::name).contains("shop");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3))
                .until(() -> onB.routeNumber("8100").isPresent());
        onA.delete("shop");
        assertThat(onA.routeNumber("8100")).isEmpty();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3))
                .until(() -> onB.routeNumber("8100").isEmpty());
    }

    @Test
    void renumberingAnAppMovesItsRouteOnEveryMember() {
        onA.put(IvrAppParser.parse(IvrAppParserTest.SHOP, IvrAppParserTest.PROMPTS));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3))
                .until(() -> onB.routeNumber("8100").isPresent());
        onA.put(IvrAppParser.parse(IvrAppParserTest.SHOP.replace("\"8100\"", "\"8109\""), IvrAppParserTest.PROMPTS));
        assertThat(onA.routeNumber("8100")).isEmpty();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3))
                .until(() -> onB.routeNumber("8109").map(IvrApp::version).orElse(0) == 2 && onB.routeNumber("8100").isEmpty());
        onA.delete("shop");
    }

    @Test
    void storedAppIsReadOnAnotherMemberWithItsSourceAndRevision() {
        IvrApp parsed = IvrAppParser.parse(IvrAppParserTest.SHOP, IvrAppParserTest.PROMPTS);

        IvrApp first = onA.put(parsed);
        IvrApp onOther = onB.get("shop").orElseThrow();

        assertThat(first.version()).isEqualTo(1);
        assertThat(onOther).isEqualTo(parsed.withVersion(1));
        assertThat(onOther.source()).isEqualTo(IvrAppParserTest.SHOP);
        assertThat(onB.byNumber("8100")).contains(onOther);
        assertThat(onB.byNumber("8101")).isEmpty();

        assertThat(onB.put(parsed).version()).isEqualTo(2);
        assertThat(onA.get("shop").orElseThrow().version()).isEqualTo(2);

        assertThat(onA.delete("shop")).isTrue();
        assertThat(onA.delete("shop")).isFalse();
        assertThat(onB.get("shop")).isEmpty();
    }

    @Test
    void aNumberRoutesToOneAppOnly() {
        IvrApp one = IvrAppParser.parse(app("one", "8200"), IvrAppParserTest.PROMPTS);
        IvrApp two = IvrAppParser.parse(app("two", "8200"), IvrAppParserTest.PROMPTS);
        onA.put(one);

        assertThatThrownBy(() -> onB.put(two)).isInstanceOf(IvrNumberTakenException.class)
                .hasMessage("number '8200' already routes to IVR application 'one'");
        assertThat(onA.all()).extracting(IvrApp::name).contains("one").doesNotContain("two");

        onA.delete("one");
        assertThat(onB.put(two).version()).isEqualTo(1);
        onB.delete("two");
    }

    private static String app(String name, String number) {
        return "name: " + name + "\nnumber: \"" + number + "\"\nstart: m\nmenus:\n  m:\n    prompt: welcome\n"
                + "    digits: { \"0\": repeat }\n";
    }
}
