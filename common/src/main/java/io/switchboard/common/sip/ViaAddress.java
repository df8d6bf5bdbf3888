package io.switchboard.common.sip;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/**
 * The host we put in our Via (RFC 3261 §18.1.1 sent-by) towards a destination: 127.0.0.1 for a
 * loopback peer (it could not reach a LAN address of ours through a container's loopback), else the
 * configured advertised address, else the bind address when it is a specific one, else the first
 * site-local non-loopback IPv4 of the host, else 127.0.0.1.
 */
final class ViaAddress {
    static final String LOOPBACK = "127.0.0.1";

    private final String advertised;

    ViaAddress(SipTransportSettings settings) {
        this.advertised = resolve(settings.advertisedAddress(), settings.bindAddress());
    }

    String hostFor(InetSocketAddress destination) {
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
