package io.switchboard.dist.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pair's keepalived.conf: what makes failover fast and fail-back free, accepted by keepalived itself. */
class KeepalivedConfigTest {
    private static final KeepalivedConfig PBX01 = new KeepalivedConfig("pbx01", "eth0", "192.168.1.130/24",
            "192.168.1.131", "192.168.1.132", 100, 51, "/run/switchboard/signaling.track");

    @Test
    void bothMembersAreBackupWithoutPreemptionAdvertEveryTenthOfASecondToThePeerAndTrackTheWatchdogsFile() {
        String conf = PBX01.render();
        assertThat(conf).contains("state BACKUP", "nopreempt", "advert_int 0.1", "vrrp_version 3",
                "unicast_src_ip 192.168.1.131", "192.168.1.132", "192.168.1.130/24 dev eth0", "priority 100",
                "virtual_router_id 51", "vrrp_garp_master_refresh 1", "file \"/run/switchboard/signaling.track\"", "weight 0", "init_file 1");
        assertThat(conf).doesNotContain("state MASTER");
    }

    @Test
    void aBadValueIsRefusedNamingItsOption() {
        assertThatThrownBy(() -> new KeepalivedConfig("pbx01", "eth0", "192.168.1.130", "192.168.1.131", "192.168.1.132",
                100, 51, "/run/t")).hasMessageStartingWith("--virtual-address:");
        assertThatThrownBy(() -> new KeepalivedConfig("pbx01", "eth0", "192.168.1.130/24", "192.168.1.131", "192.168.1.131",
                100, 51, "/run/t")).hasMessageStartingWith("--peer:");
        assertThatThrownBy(() -> new KeepalivedConfig("pbx01", "eth0", "192.168.1.131/24", "192.168.1.131", "192.168.1.132",
                100, 51, "/run/t")).hasMessageStartingWith("--virtual-address:").hasMessageContaining("not a member's");
        assertThatThrownBy(() -> new KeepalivedConfig("pbx01", "eth0", "192.168.1.130/24", "192.168.1.131", "192.168.1.132",
                255, 51, "/run/t")).hasMessageStartingWith("--priority:");
        assertThatThrownBy(() -> new KeepalivedConfig("pbx 01", "eth0", "192.168.1.130/24", "192.168.1.131", "192.168.1.132",
                100, 51, "/run/t")).hasMessageStartingWith("--name:");
        assertThatThrownBy(() -> new KeepalivedConfig("pbx01", "eth0", "192.168.1.130/24", "192.168.1.131", "example.org",
                100, 51, "/run/t")).hasMessageStartingWith("--peer:");
    }

    @Test
    void keepalivedItselfAcceptsTheFileWithoutAWarning(@TempDir Path dir) throws Exception {
        Path keepalived = Path.of("/usr/sbin/keepalived");
        Assumptions.assumeTrue(Files.isExecutable(keepalived), "keepalived is not installed (apt-get install keepalived)");
        Path conf = Files.writeString(dir.resolve("keepalived.conf"), PBX01.render(), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(keepalived.toString(), "-t", "-f", conf.toString(), "--log-console")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(out).as("keepalived -t reports unknown keywords and bad values on its output").isBlank();
    }
}
