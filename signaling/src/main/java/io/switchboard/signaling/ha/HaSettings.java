package io.switchboard.signaling.ha;

import io.switchboard.common.config.ConfigException;
import io.switchboard.common.config.Settings;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code ha.*} keys. With no virtual address the member is not part of a pair and always serves.
 *
 * @param virtualAddress the pair's virtual IP, which keepalived moves to the active member
 * @param healthPipe     the named pipe this member beats into and the watchdog reads
 * @param heartbeat      how often it beats (the watchdog's timeout is a few beats)
 * @param watchInterval  how often it checks whether the virtual IP is on one of its interfaces
 */
public record HaSettings(Optional<InetAddress> virtualAddress, Path healthPipe, Duration heartbeat, Duration watchInterval) {

    public static HaSettings from(Settings s) {
        Optional<InetAddress> vip = s.optional("ha.virtual-address").filter(v -> !v.isBlank())
                .map(v -> s.ipAddress("ha.virtual-address"));
        if (vip.isPresent() && (vip.get().isAnyLocalAddress() || vip.get().isLoopbackAddress())) {
            throw new ConfigException("ha.virtual-address", "must be the pair's virtual IP on the LAN, got "
                    + vip.get().getHostAddress());
        }
        return new HaSettings(vip, Path.of(s.required("ha.health-pipe")),
                s.duration("ha.heartbeat", Duration.ofMillis(10), Duration.ofSeconds(1)),
                s.duration("ha.watch-interval", Duration.ofMillis(5), Duration.ofSeconds(1)));
    }

    public boolean enabled() {
        return virtualAddress.isPresent();
    }
}
