package io.switchboard.common.sdp;

/** The {@code o=} line (RFC 4566 section 5.2). */
public record Origin(String username, String sessionId, String sessionVersion, String netType, String addrType, String address) {
    static Origin parse(String value, int line) {
        String[] f = value.split(" ");
        if (f.length != 6) {
            throw new SdpException(line, "expected o=<username> <sess-id> <sess-version> <nettype> <addrtype> <address>, got "
                    + f.length + " fields");
        }
        return new Origin(f[0], f[1], f[2], f[3], f[4], f[5]);
    }

    public Origin withAddress(String addrType, String address) {
        return new Origin(username, sessionId, sessionVersion, netType, addrType, address);
    }

    @Override
    public String toString() {
        return String.join(" ", username, sessionId, sessionVersion, netType, addrType, address);
    }
}
