package io.switchboard.signaling.trunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.signaling.directory.Database;
import io.switchboard.signaling.directory.PostgresTestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code trunks}, {@code dids}, {@code routes}, {@code user_features} and {@code ring_groups} tables on a
 * real PostgreSQL server (the migrations' SQL, unique names, the password kept as given). `.ci/run` starts one.
 */
class PostgresTrunkStoreTest {
    private Database database;

    @BeforeEach
    void freshSchema() throws Exception {
        database = PostgresTestDatabase.fresh();
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void trunksDidsAndRoutesRoundTripOnPostgres() {
        TrunkStore trunks = new TrunkStore(database);
        Trunk provider = new Trunk("provider", Trunk.Kind.REGISTRATION, "sip.example.com", 5060, Trunk.Transport.TLS, "3222001234",
                "s3cret", "example.com", List.of(), 30, 600, "8100", 30, "+3222001234", true,
                new TrunkMedia(List.of("PCMA", "G722"), TrunkMedia.Dtmf.INBAND));
        Trunk carrier = new Trunk("carrier", Trunk.Kind.IP, "198.51.100.7", 5080, Trunk.Transport.UDP, "", "", "",
                List.of("198.51.100.0/24", "203.0.113.9"), 60, 600, "", 0, "", false);
        assertThat(trunks.insert(provider)).isTrue();
        assertThat(trunks.insert(carrier)).isTrue();
        assertThat(trunks.insert(carrier)).as("a taken name").isFalse();
        assertThat(trunks.find("provider")).contains(provider);
        assertThat(trunks.all()).containsExactly(carrier, provider);
        assertThat(trunks.update(carrier.withEnabled(true))).isTrue();
        assertThat(trunks.find("carrier").orElseThrow().enabled()).isTrue();
        assertThat(trunks.delete("carrier")).isTrue();
        assertThat(trunks.delete("carrier")).isFalse();

        DidStore dids = new DidStore(database);
        dids.put(new Did("+3222001234", "8100", "support"));
        dids.put(new Did("+3222001234", "1001", "moved"));
        assertThat(dids.all()).containsExactly(new Did("+3222001234", "1001", "moved"));

        RouteStore routes = new RouteStore(database);
        OutboundRoute national = new OutboundRoute("national", 10, "0[1-9][0-9]{8}", 1, "+32", List.of("provider", "carrier"),
                "", false);
        OutboundRoute sos = new OutboundRoute("sos", 0, "112", 0, "", List.of("provider"), "", true);
        routes.put(national);
        routes.put(sos);
        assertThat(routes.all()).containsExactly(sos, national);
        assertThat(routes.delete("sos")).isTrue();
        assertThat(routes.all()).containsExactly(national);
    }

    @Test
    void callFeaturesAndRingGroupsRoundTripOnPostgres() {
        io.switchboard.signaling.feature.FeatureStore features = new io.switchboard.signaling.feature.FeatureStore(database);
        io.switchboard.signaling.feature.CallFeatures f = new io.switchboard.signaling.feature.CallFeatures("1002", true, "",
                "1003", "", "", 15, "+3222005555", true);
        features.put(f);
        assertThat(features.all()).containsExactly(f);
        features.put(io.switchboard.signaling.feature.CallFeatures.none("1002"));
        assertThat(features.all()).as("back to the defaults: no row").isEmpty();

        io.switchboard.signaling.group.RingGroupStore groups = new io.switchboard.signaling.group.RingGroupStore(database);
        io.switchboard.signaling.group.RingGroup sales = new io.switchboard.signaling.group.RingGroup("sales", "6001",
                io.switchboard.signaling.group.RingStrategy.ROUND_ROBIN, List.of("1002", "1003"), 15, "8000");
        groups.put(sales);
        groups.put(sales);
        assertThat(groups.all()).containsExactly(sales);
        assertThat(groups.delete("sales")).isTrue();
        assertThat(groups.all()).isEmpty();
    }
}
