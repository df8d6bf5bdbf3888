package io.switchboard.signaling.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pair's role follows the virtual IP, the health beat reaches the watchdog's pipe, the fencing epoch. */
class HaRoleTest {
    @TempDir
    Path dir;

    @Test
    void theRoleFollowsWhetherTheVirtualAddressIsHereAndListenersSeeEachChangeOnce() throws Exception {
        AtomicBoolean here = new AtomicBoolean(false);
        HaRole role = new HaRole(HaRole.State.STANDBY);
        List<HaRole.State> seen = new ArrayList<>();
        role.onChange(seen::add);
        try (VirtualAddressWatch watch = new VirtualAddressWatch(here::get, role, Duration.ofMillis(5)).start()) {
            here.set(true);
            await().atMost(Duration.ofSeconds(2)).until(role::active);
            here.set(false);
            await().atMost(Duration.ofSeconds(2)).until(() -> !role.active());
            Thread.sleep(50);
        }
        assertThat(seen).containsExactly(HaRole.State.ACTIVE, HaRole.State.STANDBY);
    }

    @Test
    void aFailingAddressLookupKeepsTheRole() {
        HaRole role = new HaRole(HaRole.State.ACTIVE);
        VirtualAddressWatch watch = new VirtualAddressWatch(() -> {
            throw new IllegalStateException("netlink");
        }, role, Duration.ofMillis(5));
        assertThat(watch.check()).isEqualTo(HaRole.State.ACTIVE);
    }

    @Test
    void theLoopbackAddressIsFoundOnThisHostAndATestNetAddressIsNot() throws Exception {
        assertThat(VirtualAddressWatch.onThisHost(java.net.InetAddress.getByName("127.0.0.1")).getAsBoolean()).isTrue();
        assertThat(VirtualAddressWatch.onThisHost(java.net.InetAddress.getByName("198.51.100.77")).getAsBoolean()).isFalse();
    }

    @Test
    void theBeatReachesANamedPipeAsEmptyLinesThenSaysUnfitWithTheReasonAndAPlainFileIsNeverWritten() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain"), "");
        assertThat(HealthBeat.isPipe(plain)).isFalse();
        Path pipe = dir.resolve("health");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        assertThat(HealthBeat.isPipe(pipe)).isTrue();
        AtomicReference<Optional<String>> unfit = new AtomicReference<>(
                Optional.empty());
        try (HealthBeat beat = new HealthBeat(pipe, Duration.ofMillis(20), unfit::get).start();
             java.io.BufferedReader in = Files.newBufferedReader(pipe)) {
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                assertThat(in.readLine()).isEmpty();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            unfit.set(Optional.of("cut off\nfrom the cluster"));
            String line;
            do {
                line = in.readLine();
            } while (line != null && line.isEmpty());
            assertThat(line).as("one line, whatever the reason holds").isEqualTo("unfit cut off from the cluster");
        }
        try (HealthBeat beat = new HealthBeat(plain, Duration.ofMillis(20), Optional::empty).start()) {
            Thread.sleep(100);
        }
        assertThat(Files.size(plain)).isZero();
    }

    @Test
    void eachPromotionRaisesTheEpochAndTheMemberItReplacedNoLongerHoldsIt() {
        String cluster = "ha-" + UUID.randomUUID();
        HazelcastInstance a = member(cluster);
        HazelcastInstance b = member(cluster);
        try {
            HaEpoch onA = new HaEpoch(a);
            HaEpoch onB = new HaEpoch(b);
            assertThat(onA.holds()).as("never active").isFalse();
            assertThat(onA.claim()).isEqualTo(1);
            assertThat(onA.holds()).isTrue();
            assertThat(onB.claim()).isEqualTo(2);
            assertThat(onB.holds()).isTrue();
            assertThat(onA.holds()).as("replaced").isFalse();
            assertThat(onA.current()).isEqualTo(2);
        } finally {
            b.shutdown();
            a.shutdown();
        }
    }

    private static HazelcastInstance member(String cluster) {
        return io.switchboard.signaling.testing.PairMembers.member(cluster, 5941, c -> { });
    }
}
