package io.switchboard.common.sdp;

/**
 * The {@code c=} line (RFC 4566 section 5.7). {@code address} keeps any {@code /ttl/count} suffix
 * of a multicast address as written.
 */
public record Connection(String netType, String addrType, String address) {
    static Connection parse(String value, int line) {
        String[] f = value.split(" ");
        if (f.length != 3) {
            throw new SdpException(line, "expected c=<nettype> <addrtype> <connection-address>, got '" + value + "'");
        }
        if (!f[0].equals("IN")) {
            throw new SdpException(line, "expected network type IN, got '" + f[0] + "'");
        }
        if (!f[1].equals("IP4") && !f[1].equals("IP6")) {
            throw new SdpException(line, "expected address type IP4 or IP6, got '" + f[1] + "'");
        }
        return new Connection(f[0], f[1], f[2]);
    }

    public static Connection ip4(String address) {
        return new Connection("IN", "IP4", address);
    }

    /** The address without a multicast {@code /ttl} suffix. */
    public String host() {
        int slash = address.indexOf('/');
        return slash < 0 ? address : address.substring(0, slash);
    }

    @Override
    public String toString() {
        return netType + " " + addrType + " " + address;
    }
}
