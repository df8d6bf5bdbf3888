package io.switchboard.dist.ha;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * keepalived's configuration for one member of the signaling pair. Both members start as BACKUP with
 * {@code nopreempt}, so a member that comes back never takes the virtual IP from the one serving (no
 * fail-back outage); VRRPv3 adverts every 0.1 s over unicast to the peer (no multicast needed, works
 * where multicast is filtered); the health is the watchdog's track file with weight 0: any non-zero
 * value puts the instance in FAULT, which gives the address up at once (a priority-0 advert tells the
 * peer to take it without waiting three advert intervals). Gratuitous ARPs go out at once on becoming
 * master, and again after 1 s for switches that missed them.
 *
 * @param name            this member's name (keepalived's router_id), e.g. pbx01
 * @param networkInterface the interface carrying the virtual IP, e.g. eth0
 * @param virtualAddress  the virtual IP with its prefix, e.g. 192.168.1.130/24
 * @param self            this member's own IP on that interface
 * @param peer            the other member's IP
 * @param priority        1-254; give the preferred first master the higher one. 254 and 253 by default:
 *                        after a priority-0 advert the backup waits its skew time, (256 - priority) / 256
 *                        of the advert interval: 0.8 ms at 254, 65 ms at 90
 * @param virtualRouterId 1-255, the same on both members and unique on the LAN
 * @param trackFile       the file the watchdog writes
 */
public record KeepalivedConfig(String name, String networkInterface, String virtualAddress, String self, String peer,
                               int priority, int virtualRouterId, String trackFile) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9._@-]{1,15}");

    public KeepalivedConfig {
        require(NAME.matcher(name).matches(), "--name", "1-64 letters, digits, '.', '_' or '-', got '" + name + "'");
        require(INTERFACE.matcher(networkInterface).matches(), "--interface", "an interface name such as eth0, got '"
                + networkInterface + "'");
        int slash = virtualAddress.indexOf('/');
        require(slash > 0, "--virtual-address", "the virtual IP with its prefix, e.g. 192.168.1.130/24, got '"
                + virtualAddress + "'");
        String vip = ipv4("--virtual-address", virtualAddress.substring(0, slash));
        int prefix = -1;
        try {
            prefix = Integer.parseInt(virtualAddress.substring(slash + 1));
        } catch (NumberFormatException e) {
            // reported below
        }
        require(prefix >= 1 && prefix <= 32, "--virtual-address", "prefix must be 1-32, got '" + virtualAddress + "'");
        String own = ipv4("--self", self);
        String other = ipv4("--peer", peer);
        require(!own.equals(other), "--peer", "must differ from --self (" + own + ")");
        require(!vip.equals(own) && !vip.equals(other), "--virtual-address",
                "must be an address of its own, not a member's (" + vip + ")");
        require(priority >= 1 && priority <= 254, "--priority", "must be 1-254, got " + priority);
        require(virtualRouterId >= 1 && virtualRouterId <= 255, "--virtual-router-id", "must be 1-255, got " + virtualRouterId);
        require(trackFile.startsWith("/") && !trackFile.contains("\""), "--track-file",
                "must be an absolute path without quotes, got '" + trackFile + "'");
    }

    private static void require(boolean ok, String option, String why) {
        if (!ok) {
            throw new IllegalArgumentException(option + ": " + why);
        }
    }

    private static String ipv4(String option, String text) {
        require(text.matches("\\d{1,3}(\\.\\d{1,3}){3}"), option, "an IPv4 address, got '" + text + "'");
        try {
            return InetAddress.getByName(text).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(option + ": an IPv4 address, got '" + text + "'", e);
        }
    }

    /** The whole keepalived.conf. */
    public String render() {
        return String.format(Locale.ROOT, """
                # keepalived.conf of %1$s, a member of the Switchboard signaling HA pair (written by
                # ./switchboard ha keepalived-config). The same file on the peer differs in router_id, priority,
                # unicast_src_ip and unicast_peer. Needs the watchdog: ./switchboard ha watchdog
                global_defs {
                    router_id %1$s
                    vrrp_version 3
                    # Gratuitous ARP at once on becoming master, and a second round 1 s later.
                    vrrp_garp_master_delay 1
                    vrrp_garp_master_repeat 2
                    vrrp_garp_lower_prio_repeat 1
                    # And every 1 s while master: after a partition both members were master for a while;
                    # the side that stepped down must not keep the phones' and switches' ARP entries.
                    vrrp_garp_master_refresh 1
                    # Adverts every 0.1 s: keep keepalived itself from being paged out or starved.
                    vrrp_rlimit_rttime 10000
                    vrrp_priority -10
                    vrrp_no_swap
                    enable_script_security
                }

                # Written by the watchdog from signaling's health beat: 0 healthy, 1 gone or frozen.
                # Weight 0: any non-zero value is a FAULT, and a FAULT master gives the address up at once.
                track_file switchboard_signaling {
                    file "%8$s"
                    weight 0
                    # Until the watchdog runs, this member counts as faulty.
                    init_file 1
                }

                vrrp_instance switchboard_signaling {
                    # Both members start as BACKUP and never preempt: a member that comes back stays
                    # standby, so failing back costs no second outage.
                    state BACKUP
                    nopreempt
                    interface %2$s
                    virtual_router_id %7$d
                    priority %6$d
                    advert_int 0.1
                    unicast_src_ip %4$s
                    unicast_peer {
                        %5$s
                    }
                    virtual_ipaddress {
                        %3$s dev %2$s
                    }
                    track_file {
                        switchboard_signaling
                    }
                }
                """, name, networkInterface, virtualAddress, self, peer, priority, virtualRouterId, trackFile);
    }
}
