package io.switchboard.dist.extend;

import io.switchboard.common.cluster.ServerType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.common.config.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtendUnitTest {
    @Test
    void typesTakeTheGuidesNamesTheShortOnesAndTheMisspeltIvr() {
        assertThat(ServerType.parse("media-server-only")).contains(ServerType.MEDIA);
        assertThat(ServerType.parse("queue")).contains(ServerType.QUEUE);
        assertThat(ServerType.parse("meeting-server")).contains(ServerType.MEETING);
        assertThat(ServerType.parse("vr-server-only")).contains(ServerType.IVR);
        assertThat(ServerType.parse("ivr-server-only").orElseThrow().service()).isEqualTo("ivr-server");
        assertThat(ServerType.ofRole("signaling")).isEmpty();
        assertThatThrownBy(() -> new ExtendCommand.TypeConverter().convert("web-server-only")).hasMessageContaining("media-server-only");
    }

    @Test
    void javaVersionLines() {
        assertThat(Extender.javaMajor("openjdk version \"17.0.15\" 2025-04-15")).isEqualTo(17);
        assertThat(Extender.javaMajor("java version \"1.8.0_392\"")).isEqualTo(8);
        assertThat(Extender.javaMajor("openjdk version \"21\" 2023-09-19")).isEqualTo(21);
        assertThat(Extender.javaMajor("")).isZero();
    }

    @Test
    void durations() {
        assertThat(Durations.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Durations.parse("120s")).isEqualTo(Duration.ofSeconds(120));
        assertThat(Durations.parse("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> Durations.parse("soon")).hasMessageContaining("not a duration");
    }

    @Test
    void everyRolesConfigIsNestedYamlTheRoleAccepts() {
        for (ServerType type : ServerType.values()) {
            Map<String, String> keys = RoleConfig.keys(type, "x-1", "192.168.1.21", "", "switchboard",
                    List.of("10.0.0.1:5701", "10.0.0.2:5701"));
            String yaml = RoleConfig.yaml(keys, "test");
            RoleConfig.validate(type, yaml);
            assertThat(yaml).contains("node:\n  name: \"x-1\"\n  private-address: \"192.168.1.21\"\n")
                    .contains("cluster:\n  name: \"switchboard\"\n  bind-address: \"192.168.1.21\"\n  members: \"10.0.0.1:5701,10.0.0.2:5701\"\n")
                    .contains("data-dir: \"/var/lib/switchboard/data\"");
            assertThat(keys).containsEntry(type.role() + ".http-address", "192.168.1.21");
        }
        String media = RoleConfig.yaml(RoleConfig.keys(ServerType.MEDIA, "m", "192.168.1.21", "", "c", List.of("10.0.0.1:5701")), "t");
        assertThat(media).contains("media:\n  ng-address: \"192.168.1.21\"\n  rtp-address: \"192.168.1.21\"\n  http-address: \"192.168.1.21\"\n  recording:\n    dir: \"/var/lib/switchboard/recordings\"\n")
                .doesNotContain("public-address");
        Map<String, String> withPublic = RoleConfig.keys(ServerType.MEDIA, "m", "192.168.1.21", "203.0.113.7", "c", List.of("10.0.0.1:5701"));
        assertThat(withPublic).containsEntry("node.public-address", "203.0.113.7").doesNotContainKey("media.rtp-address");
        assertThat(RoleConfig.keys(ServerType.IVR, "i", "192.168.1.22", "", "c", List.of("10.0.0.1:5701")))
                .containsEntry("ivr.sip-address", "192.168.1.22").doesNotContainKey("node.public-address");
    }

    @Test
    void aConfigTheRoleWouldRefuseNeverLeaves() {
        String bad = RoleConfig.yaml(RoleConfig.keys(ServerType.QUEUE, "q", "not-an-ip", "", "c", List.of("10.0.0.1:5701")), "t");
        assertThatThrownBy(() -> RoleConfig.validate(ServerType.QUEUE, bad)).isInstanceOf(ConfigException.class);
    }
}
