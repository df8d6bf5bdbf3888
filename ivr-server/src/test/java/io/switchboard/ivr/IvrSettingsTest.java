package io.switchboard.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.common.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IvrSettingsTest {

    @Test
    void referenceDefaults() {
        IvrSettings s = IvrSettings.load(Map.of("data-dir", "/var/lib/switchboard", "node.private-address", "10.0.0.5"));
        assertThat(s.sipPort()).isEqualTo(5070);
        assertThat(s.rtpPortMin()).isEqualTo(30000);
        assertThat(s.rtpPortMax()).isEqualTo(31999);
        assertThat(s.maxSessions()).isEqualTo(500);
        assertThat(s.httpPort()).isEqualTo(8892);
        assertThat(s.eventLoops()).isEqualTo(1);
        assertThat(s.promptDir()).isEqualTo(Path.of("/var/lib/switchboard/prompts"));
        assertThat(s.advertisedAddress()).isEqualTo("10.0.0.5");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> IvrSettings.load(Map.of("ivr.max-sessions", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ivr.max-sessions");
        assertThatThrownBy(() -> IvrSettings.load(Map.of("ivr.rtp-port-min", "30000", "ivr.rtp-port-max", "30000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ivr.rtp-port-max");
        assertThatThrownBy(() -> IvrSettings.load(Map.of("ivr.sip-port", "70000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ivr.sip-port");
    }

    @Test
    void explicitPromptDirWins() {
        assertThat(IvrSettings.load(Map.of("ivr.prompt-dir", "/srv/prompts")).promptDir()).isEqualTo(Path.of("/srv/prompts"));
    }
}
