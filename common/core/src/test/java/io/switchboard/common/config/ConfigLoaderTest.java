package io.switchboard.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.common.cluster.ClusterSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader(List.of("io/switchboard/reference/common.yaml"));
    @TempDir
    Path dir;

    @Test
    void referenceDefaultsWorkOnOneMachine() {
        Settings s = loader.load(null, Map.of(), Map.of());
        ClusterSettings c = ClusterSettings.from(s);
        assertThat(c.name()).isEqualTo("switchboard");
        assertThat(c.members()).containsExactly("127.0.0.1");
        assertThat(c.heartbeat()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void nestedYamlEnvironmentAndCommandLineOverrideInThatOrder() throws Exception {
        Path f = Files.writeString(dir.resolve("c.yaml"), "cluster:\n  name: from-file\n  members: [10.0.0.1, 10.0.0.2]\ndata-dir: /x\n");
        Settings s = loader.load(f, Map.of("SWITCHBOARD_DATA_DIR", "/from-env", "PATH", "/bin"), Map.of("cluster.name", "from-cli"));
        assertThat(s.string("cluster.name")).isEqualTo("from-cli");
        assertThat(s.list("cluster.members")).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(s.string("data-dir")).isEqualTo("/from-env");
    }

    @Test
    void unknownKeyInFileStopsStartUpNamingTheKey() throws Exception {
        Path f = Files.writeString(dir.resolve("c.yaml"), "cluster:\n  nmae: typo\n");
        assertThatThrownBy(() -> loader.load(f, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.nmae").hasMessageContaining("unknown key");
    }

    @Test
    void badValuesNameTheKeyAndTheReason() {
        Settings bad = loader.load(null, Map.of("SWITCHBOARD_CLUSTER_PORT", "seventy"), Map.of());
        assertThatThrownBy(() -> ClusterSettings.from(bad))
                .isInstanceOf(ConfigException.class).hasMessage("config key 'cluster.port': must be a whole number, got 'seventy'");
        Settings badHb = loader.load(null, Map.of(), Map.of("cluster.heartbeat", "2 fortnights"));
        assertThatThrownBy(() -> ClusterSettings.from(badHb)).hasMessageContaining("cluster.heartbeat").hasMessageContaining("duration");
        Settings badIp = loader.load(null, Map.of(), Map.of("cluster.bind-address", "my-host"));
        assertThatThrownBy(() -> ClusterSettings.from(badIp)).hasMessageContaining("cluster.bind-address").hasMessageContaining("IP address");
        Settings outOfRange = loader.load(null, Map.of(), Map.of("cluster.port", "70000"));
        assertThatThrownBy(() -> ClusterSettings.from(outOfRange)).hasMessageContaining("between 1 and 65535");
    }

    @Test
    void invalidYamlAndMissingFileAreReported() throws Exception {
        Path f = Files.writeString(dir.resolve("c.yaml"), "cluster:\n  name: a\n   port: 1\n");
        assertThatThrownBy(() -> loader.load(f, Map.of(), Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config file " + f + ":3:")
                .hasMessageContaining("not valid YAML")
                .hasMessageNotContaining("config key");
        assertThatThrownBy(() -> loader.load(dir.resolve("missing.yaml"), Map.of(), Map.of())).hasMessageContaining("cannot read file");
    }

    @Test
    void environmentVariableMatchingNoKeyStopsStartUpNamingIt() {
        assertThatThrownBy(() -> loader.load(null, Map.of("SWITCHBOARD_SIP_PROT", "1"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_SIP_PROT")
                .hasMessageContaining("matches no configuration key");
        // The launcher's and the test harness's own variables are not keys and are let through.
        loader.load(null, Map.of("SWITCHBOARD_JAVA_OPTS", "-Xmx1g", "SWITCHBOARD_TEST_POSTGRES_URL", "jdbc:x"), Map.of());
        // The admin commands' password in the operator's shell does not stop a worker role from starting.
        loader.load(null, Map.of("SWITCHBOARD_ADMIN_PASSWORD", "secret-admin-pw", "SWITCHBOARD_SSH_CONFIG", "/x"), Map.of());
    }

    @Test
    void envNamesFollowTheKey() {
        assertThat(ConfigLoader.envName("sip.per-source-rate")).isEqualTo("SWITCHBOARD_SIP_PER_SOURCE_RATE");
        assertThat(ConfigLoader.envName("admin.password")).isEqualTo("SWITCHBOARD_ADMIN_PASSWORD");
    }
}
