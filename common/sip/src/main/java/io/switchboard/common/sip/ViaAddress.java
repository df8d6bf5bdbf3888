package io.switchboard.common.sip;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/**
 * The host we put in our Via (RFC 3261 §18.1.1 sent-by), Contact and Record-Route towards a
 * destination: the configured advertised address, else the bind address when it is a specific one
 * (a peer must send ACK and BYE where we really listen, RFC 3261 §12.1.1), and only with a wildcard
 * bind a guess: 127.0.0.1 for a loopback peer (the wildcard listens there too), else the first
 * site-local non-loopback IPv4 of the host, else 127.0.0.1.
 */
final class ViaAddress {
    static final String LOOPBACK = "127.0.0.1";

    private final String advertised;
    /** True when {@link #advertised} is configured or bound, not guessed: then it holds for every peer. */
    private final boolean fixed;

    ViaAddress(SipTransportSettings settings) {
        this.advertised = resolve(settings.advertisedAddress(), settings.bindAddress());
        String configured = settings.advertisedAddress();
        this.fixed = (configured != null && !configured.isBlank()) || !"0.0.0.0".equals(settings.bindAddress());
    }

    String hostFor(InetSocketAddress destination) {
        if (fixed) {
            return advertised;
        }
        InetAddress address = destination.getAddress();
        return address != null && address.isLoopbackAddress() ? LOOPBACK : advertised;
    }

    static String resolve(String configured, String bindAddress) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (!"0.0.0.0".equals(bindAddress)) {
            return bindAddress;
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && address.isSiteLocalAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // fall through: no usable interface list
        }
        return LOOPBACK;
    }
}
