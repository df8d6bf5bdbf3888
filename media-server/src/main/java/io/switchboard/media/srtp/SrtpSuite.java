package io.switchboard.media.srtp;

import java.util.Optional;

/**
 * The SDES crypto suites the relay speaks (RFC 4568 section 6.2): AES counter mode with a 128-bit
 * master key and a 112-bit master salt, HMAC-SHA1 authentication. The suites differ in the SRTP tag
 * only: SRTCP always carries the 80-bit tag (RFC 4568 section 6.2.2, RFC 3711 section 5.2).
 */
public enum SrtpSuite {
    /** 80-bit authentication tag on SRTP and SRTCP (RFC 4568 section 6.2.1). */
    AES_CM_128_HMAC_SHA1_80(10),
    /** 32-bit tag on SRTP, 80-bit tag on SRTCP (RFC 4568 section 6.2.2). */
    AES_CM_128_HMAC_SHA1_32(4);

    private static final int KEY_BYTES = 16;
    private static final int SALT_BYTES = 14;
    private static final int RTCP_AUTH_TAG_BYTES = 10;

    private final int rtpAuthTagBytes;

    SrtpSuite(int rtpAuthTagBytes) {
        this.rtpAuthTagBytes = rtpAuthTagBytes;
    }

    /** The suite an {@code a=crypto} line names; names are matched exactly, as the RFC spells them. */
    public static Optional<SrtpSuite> of(String sdpName) {
        for (SrtpSuite suite : values()) {
            if (suite.name().equals(sdpName)) {
                return Optional.of(suite);
            }
        }
        return Optional.empty();
    }

    /** The name in an {@code a=crypto} line. */
    public String sdpName() {
        return name();
    }

    /** Bytes of the authentication tag appended to each SRTP packet. */
    public int rtpAuthTagBytes() {
        return rtpAuthTagBytes;
    }

    /** Bytes of the authentication tag appended to each SRTCP packet (after the 4-byte E flag and index). */
    public int rtcpAuthTagBytes() {
        return RTCP_AUTH_TAG_BYTES;
    }

    /** Bytes of the master key. */
    public int keyBytes() {
        return KEY_BYTES;
    }

    /** Bytes of the master salt. */
    public int saltBytes() {
        return SALT_BYTES;
    }
}
