package io.switchboard.signaling.trunk;

import java.net.InetAddress;
import java.util.Optional;

/**
 * An IP address or a CIDR network ({@code 203.0.113.0/24}, {@code 2001:db8::/32}) that an IP trunk's
 * calls may come from. Literals only: a name would need DNS on the INVITE path.
 */
public record AddressRange(byte[] network, int prefix) {
    public static AddressRange parse(String s) {
        String t = s.trim();
        int slash = t.indexOf('/');
        String ip = slash < 0 ? t : t.substring(0, slash);
        if (!ip.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address or CIDR network");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(ip).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address or CIDR network");
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' has a prefix length that is not a number");
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("'" + s + "' has a prefix length beyond " + bytes.length * 8);
            }
        }
        return new AddressRange(bytes, prefix);
    }

    /** Why {@code s} is not a range, or empty. */
    public static Optional<String> problem(String s) {
        try {
            parse(s);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    public boolean contains(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (b[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (b[full] & mask) == (network[full] & mask);
    }
}
