package io.switchboard.dist.ha;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard ha keepalived-config}: keepalived's configuration for one member of the signaling
 * pair. ({@code switchboard ha watchdog} is run by the launcher itself, as a shell loop: see
 * {@code bin/switchboard-ha-watchdog}.)
 */
@Command(name = "ha", mixinStandardHelpOptions = true,
        description = "The signaling HA pair: keepalived's configuration (ha keepalived-config) and the watchdog "
                + "that feeds it (ha watchdog --pipe P --track-file F --timeout S).",
        subcommands = {HaCommand.KeepalivedConfigCommand.class, HaCommand.Watchdog.class})
public final class HaCommand {

    @Command(name = "keepalived-config", mixinStandardHelpOptions = true,
            description = "Write keepalived.conf for this member of the pair (run on each, with its own --self, "
                    + "--peer and --priority).")
    static final class KeepalivedConfigCommand implements Callable<Integer> {
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "this member, e.g. pbx01")
        String name;
        @Option(names = "--interface", required = true, paramLabel = "IF", description = "the LAN interface, e.g. eth0")
        String networkInterface;
        @Option(names = "--virtual-address", required = true, paramLabel = "IP/PREFIX",
                description = "the pair's virtual IP (ha.virtual-address), e.g. 192.168.1.130/24")
        String virtualAddress;
        @Option(names = "--self", required = true, paramLabel = "IP", description = "this member's own IP")
        String self;
        @Option(names = "--peer", required = true, paramLabel = "IP", description = "the other member's IP")
        String peer;
        @Option(names = "--priority", defaultValue = "254", paramLabel = "N",
                description = "1-254 (default 254); the other member gets 253. High on purpose: a backup waits "
                        + "(256 - priority) / 256 of an advert interval before taking over from a resigning master")
        int priority;
        @Option(names = "--virtual-router-id", defaultValue = "51", paramLabel = "N",
                description = "1-255, the same on both members and unique on the LAN (default 51)")
        int virtualRouterId;
        @Option(names = "--track-file", defaultValue = "/run/switchboard/signaling.track", paramLabel = "FILE",
                description = "the file the watchdog writes (default /run/switchboard/signaling.track)")
        String trackFile;
        @Option(names = {"--out", "-o"}, paramLabel = "FILE",
                description = "write here (e.g. /etc/keepalived/keepalived.conf) instead of to standard output")
        Path out;

        @Override
        public Integer call() throws IOException {
            KeepalivedConfig config;
            try {
                config = new KeepalivedConfig(name, networkInterface, virtualAddress, self, peer, priority,
                        virtualRouterId, trackFile);
            } catch (IllegalArgumentException e) {
                System.err.println("switchboard ha keepalived-config: " + e.getMessage());
                return 2;
            }
            if (out == null) {
                System.out.print(config.render());
            } else {
                Files.writeString(out, config.render(), StandardCharsets.UTF_8);
                System.out.println("wrote " + out + " (" + name + ", priority " + priority + "); then: "
                        + "systemctl restart keepalived");
            }
            return 0;
        }
    }

    @Command(name = "watchdog", mixinStandardHelpOptions = true,
            description = "Turn signaling's health beat into keepalived's track file (run by the launcher as a shell loop).")
    static final class Watchdog implements Callable<Integer> {
        @Override
        public Integer call() {
            System.err.println("switchboard ha watchdog: run it through the launcher (./switchboard ha watchdog, or "
                    + "bin/switchboard-ha-watchdog), which runs it as a shell loop rather than a JVM");
            return 2;
        }
    }
}
