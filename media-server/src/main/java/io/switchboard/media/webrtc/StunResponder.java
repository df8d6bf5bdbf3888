package io.switchboard.media.webrtc;

import static io.switchboard.media.webrtc.StunBinding.ATTRIBUTE_HEADER_BYTES;
import static io.switchboard.media.webrtc.StunBinding.BINDING_ERROR;
import static io.switchboard.media.webrtc.StunBinding.BINDING_SUCCESS;
import static io.switchboard.media.webrtc.StunBinding.COOKIE_OFFSET;
import static io.switchboard.media.webrtc.StunBinding.ERROR_CODE;
import static io.switchboard.media.webrtc.StunBinding.FINGERPRINT;
import static io.switchboard.media.webrtc.StunBinding.FINGERPRINT_BYTES;
import static io.switchboard.media.webrtc.StunBinding.FINGERPRINT_XOR;
import static io.switchboard.media.webrtc.StunBinding.HEADER_BYTES;
import static io.switchboard.media.webrtc.StunBinding.HMAC_SHA1_BYTES;
import static io.switchboard.media.webrtc.StunBinding.LENGTH_OFFSET;
import static io.switchboard.media.webrtc.StunBinding.MAGIC_COOKIE;
import static io.switchboard.media.webrtc.StunBinding.MESSAGE_INTEGRITY;
import static io.switchboard.media.webrtc.StunBinding.MESSAGE_INTEGRITY_BYTES;
import static io.switchboard.media.webrtc.StunBinding.TRANSACTION_ID_BYTES;
import static io.switchboard.media.webrtc.StunBinding.TRANSACTION_ID_OFFSET;
import static io.switchboard.media.webrtc.StunBinding.USERNAME;
import static io.switchboard.media.webrtc.StunBinding.USE_CANDIDATE;
import static io.switchboard.media.webrtc.StunBinding.XOR_MAPPED_ADDRESS;
import static io.switchboard.media.webrtc.StunBinding.padded;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The STUN side of an ICE-lite agent (RFC 8445 section 7.3) on one relay leg's RTP port: checks a
 * Binding request against the leg's local ICE credentials and answers it. A lite agent sends no checks
 * of its own: it answers each valid request with a success response sent back to the request's source
 * (section 7.3), whose address XOR-MAPPED-ADDRESS carries (RFC 5389 section 15.2); the peer, a full
 * agent in the controlling role (section 6.1.1), nominates a pair with USE-CANDIDATE (section 7.3.2).
 *
 * <p>Authentication is STUN's short-term credential mechanism (RFC 5389 section 10.1, RFC 8445 section
 * 7.2.2): USERNAME is {@code <local ufrag>:<remote ufrag>}, MESSAGE-INTEGRITY an HMAC-SHA1 keyed with the
 * local password's bytes (ice-chars are ASCII, so SASLprep leaves them as they are). Responses carry
 * FINGERPRINT (RFC 8445 section 7: connectivity checks use it), which also tells them apart from
 * RTP on the same port.
 *
 * <p>Kept simple on purpose (what a lite agent answering browsers needs, no more):
 * <ul>
 *   <li>Unknown comprehension-required attributes are ignored rather than refused with 420 (RFC 5389
 *       section 7.3.1): ICE peers send only the ones known here (USERNAME, MESSAGE-INTEGRITY, PRIORITY,
 *       USE-CANDIDATE, ICE-CONTROLLING/ICE-CONTROLLED, FINGERPRINT, MESSAGE-INTEGRITY-SHA256, SOFTWARE).</li>
 *   <li>ICE-CONTROLLING and ICE-CONTROLLED are not examined: a lite agent is always controlled, its full
 *       peer always controlling (section 6.1.1), so no role conflict (487, section 7.3.1.1) arises
 *       with a conforming peer.</li>
 *   <li>MESSAGE-INTEGRITY-SHA256 (RFC 8489 section 14.6) is not checked: ICE uses MESSAGE-INTEGRITY,
 *       which must then be present.</li>
 * </ul>
 *
 * <p>Not thread-safe: one responder per leg, used only by that leg's event loop thread. It holds one
 * {@link Mac} (keyed once, at construction), one {@link CRC32} and scratch arrays, so checking and
 * answering a request allocate nothing but the 4 or 16 bytes of the mapped address.
 */
public final class StunResponder {
    /** What a STUN message received on the leg is, and so what to do with it. */
    public enum Check {
        /** A Binding request that authenticates: answer with {@link StunResponder#writeSuccess}. */
        BINDING_REQUEST,
        /** As {@link #BINDING_REQUEST}, nominating this pair (RFC 8445 section 7.3.2): answer, and send media to its source. */
        BINDING_REQUEST_USE_CANDIDATE,
        /** A Binding indication, a keepalive (RFC 8445 section 11): ignore it silently, it takes no answer. */
        BINDING_INDICATION,
        /** Any other method or class, such as a response (a lite agent sends no requests): ignore it. */
        NOT_BINDING,
        /**
         * Not a well-formed STUN message: no magic cookie, length field not the datagram's or not a multiple
         * of 4, an attribute running past the end, a MESSAGE-INTEGRITY or FINGERPRINT of the wrong size,
         * FINGERPRINT not last or not after MESSAGE-INTEGRITY, or a wrong FINGERPRINT value (RFC 5389
         * sections 6, 7.3, 15, 15.5). Drop it silently: a corrupted or non-STUN packet earns no answer.
         */
        MALFORMED,
        /**
         * A well-formed Binding request without USERNAME or MESSAGE-INTEGRITY, with a USERNAME not starting with
         * {@code <local ufrag>:}, or whose MESSAGE-INTEGRITY does not verify with the local password. RFC 5389
         * section 10.1.2 answers a missing attribute with 400 and the rest with 401 ({@link StunResponder#writeError}).
         */
        UNAUTHORIZED
    }

    /**
     * The most bytes {@link #writeSuccess} writes: header, XOR-MAPPED-ADDRESS of an IPv6 address,
     * MESSAGE-INTEGRITY and FINGERPRINT.
     */
    public static final int MAX_SUCCESS_BYTES = HEADER_BYTES + ATTRIBUTE_HEADER_BYTES + 4 + 16
            + MESSAGE_INTEGRITY_BYTES + FINGERPRINT_BYTES;
    /** RFC 5389 section 15.6: the reason phrase is fewer than 128 characters. */
    private static final int MAX_REASON_CHARS = 127;
    private static final int TYPE_CLASS_MASK_TOP_BITS = 0xC000;
    private static final int FAMILY_IPV4 = 0x01;
    private static final int FAMILY_IPV6 = 0x02;
    private static final String HMAC_SHA1 = "HmacSHA1";

    private final byte[] ufrag;
    private final Mac mac;
    private final CRC32 crc = new CRC32();
    /** Bytes of a direct buffer on their way to the HMAC or CRC, which take arrays. */
    private final byte[] scratch = new byte[256];
    private final byte[] hmac = new byte[HMAC_SHA1_BYTES];

    /**
     * A responder for the local credentials {@code ufrag} and {@code password} (the {@code a=ice-ufrag} and
     * {@code a=ice-pwd} this side announced, RFC 8839 section 5.4), as bytes; both are copied.
     *
     * @throws IllegalArgumentException if either is empty
     * @throws IllegalStateException if the JDK has no HMAC-SHA1
     */
    public StunResponder(byte[] ufrag, byte[] password) {
        Objects.requireNonNull(ufrag, "ufrag");
        Objects.requireNonNull(password, "password");
        if (ufrag.length == 0) {
            throw new IllegalArgumentException("ufrag is empty");
        }
        if (password.length == 0) {
            throw new IllegalArgumentException("password is empty");
        }
        this.ufrag = ufrag.clone();
        try {
            this.mac = Mac.getInstance(HMAC_SHA1);
            mac.init(new SecretKeySpec(password, HMAC_SHA1));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no HMAC-SHA1 for STUN MESSAGE-INTEGRITY: " + e.getMessage(), e);
        }
    }

    /** A responder for this side's {@code local} credentials. */
    public StunResponder(IceCredentials local) {
        this(local.ufrag().getBytes(StandardCharsets.US_ASCII), local.password().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Classifies the STUN message of {@code len} bytes at {@code off} in {@code req} (one UDP datagram,
     * normally one {@link StunBinding#isStun} accepted), verifying a Binding request's FINGERPRINT,
     * USERNAME and MESSAGE-INTEGRITY. Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are
     * ignored (RFC 5389 section 15.4), USE-CANDIDATE among them. The buffer's indexes do not move.
     *
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} reach outside the buffer
     */
    public Check check(ByteBuf req, int off, int len) {
        if (len < HEADER_BYTES) {
            return Check.MALFORMED;
        }
        int type = req.getUnsignedShort(off);
        int length = req.getUnsignedShort(off + LENGTH_OFFSET);
        if ((type & TYPE_CLASS_MASK_TOP_BITS) != 0 || req.getInt(off + COOKIE_OFFSET) != MAGIC_COOKIE
                || length != len - HEADER_BYTES || (length & 3) != 0) {
            return Check.MALFORMED;
        }
        if (type == StunBinding.BINDING_INDICATION) {
            return Check.BINDING_INDICATION;
        }
        if (type != StunBinding.BINDING_REQUEST) {
            return Check.NOT_BINDING;
        }
        int end = off + len;
        int username = -1;
        int usernameLength = 0;
        int integrity = -1;
        boolean useCandidate = false;
        for (int pos = off + HEADER_BYTES; pos < end; ) {
            // Attributes start on 4-byte boundaries and the length is a multiple of 4: a header always fits.
            int attrType = req.getUnsignedShort(pos);
            int attrLength = req.getUnsignedShort(pos + 2);
            int value = pos + ATTRIBUTE_HEADER_BYTES;
            if (padded(attrLength) > end - value) {
                return Check.MALFORMED;
            }
            if (attrType == FINGERPRINT) {
                // RFC 5389 section 15.5: last, after MESSAGE-INTEGRITY; RFC 5389 section 7.3: a wrong one is discarded.
                if (attrLength != 4 || integrity < 0 || value + 4 != end || !fingerprintMatches(req, off, pos)) {
                    return Check.MALFORMED;
                }
            } else if (integrity < 0) {
                switch (attrType) {
                    case USERNAME -> {
                        if (username < 0) {
                            username = value;
                            usernameLength = attrLength;
                        }
                    }
                    case MESSAGE_INTEGRITY -> {
                        if (attrLength != HMAC_SHA1_BYTES) {
                            return Check.MALFORMED;
                        }
                        integrity = pos;
                    }
                    case USE_CANDIDATE -> useCandidate = true;
                    default -> {
                        // PRIORITY, ICE-CONTROLLING/CONTROLLED, SOFTWARE, unknown ones: see the class comment.
                    }
                }
            }
            pos = value + padded(attrLength);
        }
        if (username < 0 || integrity < 0 || !ufragMatches(req, username, usernameLength)
                || !integrityMatches(req, off, integrity)) {
            return Check.UNAUTHORIZED;
        }
        return useCandidate ? Check.BINDING_REQUEST_USE_CANDIDATE : Check.BINDING_REQUEST;
    }

    /**
     * Appends to {@code out} (at its writer index) the Binding success response (RFC 5389 section 7.3.1,
     * RFC 8445 section 7.3) to the request at {@code off} in {@code req}: its transaction ID,
     * XOR-MAPPED-ADDRESS {@code mapped} (the request's source, where the response is sent),
     * MESSAGE-INTEGRITY with the local password and FINGERPRINT. Call it for a request {@link #check}
     * accepted; {@code out} must be another buffer than {@code req}.
     *
     * @return the bytes written, at most {@value #MAX_SUCCESS_BYTES}
     * @throws IllegalArgumentException if {@code mapped} is unresolved
     */
    public int writeSuccess(ByteBuf req, int off, ByteBuf out, InetSocketAddress mapped) {
        InetAddress address = Objects.requireNonNull(mapped, "mapped").getAddress();
        if (address == null) {
            throw new IllegalArgumentException("unresolved mapped address " + mapped);
        }
        byte[] ip = address.getAddress();
        int valueLength = 4 + ip.length;
        out.ensureWritable(HEADER_BYTES + ATTRIBUTE_HEADER_BYTES + valueLength + MESSAGE_INTEGRITY_BYTES + FINGERPRINT_BYTES);
        int start = out.writerIndex();
        writeHeader(req, off, out, BINDING_SUCCESS);
        // RFC 5389 section 15.2: the port XORed with the cookie's top 16 bits, the address with the cookie
        // (IPv4) or the cookie and the transaction ID (IPv6): bytes 4 to 19 of the header just written.
        out.writeShort(XOR_MAPPED_ADDRESS);
        out.writeShort(valueLength);
        out.writeByte(0);
        out.writeByte(ip.length == 4 ? FAMILY_IPV4 : FAMILY_IPV6);
        out.writeShort(mapped.getPort() ^ (MAGIC_COOKIE >>> 16));
        for (int i = 0; i < ip.length; i++) {
            out.writeByte(ip[i] ^ out.getByte(start + COOKIE_OFFSET + i));
        }
        appendIntegrity(out, start);
        appendFingerprint(out, start);
        return out.writerIndex() - start;
    }

    /**
     * Appends to {@code out} (at its writer index) a Binding error response (RFC 5389 section 7.3.1) to
     * the request at {@code off} in {@code req}: its transaction ID, ERROR-CODE {@code code} with
     * {@code reason} (section 15.6; 400 Bad Request, 401 Unauthorized) and FINGERPRINT. No
     * MESSAGE-INTEGRITY: a 400 or 401 answers a request that did not authenticate (section 10.1.2).
     * {@code out} must be another buffer than {@code req}.
     *
     * @return the bytes written
     * @throws IllegalArgumentException for a code outside 300-699 or a reason of 128 characters or more
     */
    public int writeError(ByteBuf req, int off, ByteBuf out, int code, String reason) {
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("STUN error code " + code + " is not in 300-699");
        }
        Objects.requireNonNull(reason, "reason");
        if (reason.length() > MAX_REASON_CHARS) {
            throw new IllegalArgumentException("STUN reason phrase of " + reason.length() + " characters, at most "
                    + MAX_REASON_CHARS);
        }
        byte[] phrase = reason.getBytes(StandardCharsets.UTF_8);
        int valueLength = 4 + phrase.length;
        out.ensureWritable(HEADER_BYTES + ATTRIBUTE_HEADER_BYTES + padded(valueLength) + FINGERPRINT_BYTES);
        int start = out.writerIndex();
        writeHeader(req, off, out, BINDING_ERROR);
        out.writeShort(ERROR_CODE);
        out.writeShort(valueLength);
        out.writeShort(0);
        out.writeByte(code / 100);
        out.writeByte(code % 100);
        out.writeBytes(phrase);
        out.writeZero(padded(valueLength) - valueLength);
        appendFingerprint(out, start);
        return out.writerIndex() - start;
    }

    /** Type, a length fixed up as attributes are appended, the cookie and the request's transaction ID. */
    private static void writeHeader(ByteBuf req, int off, ByteBuf out, int type) {
        out.writeShort(type);
        out.writeShort(0);
        out.writeInt(MAGIC_COOKIE);
        out.writeBytes(req, off + TRANSACTION_ID_OFFSET, TRANSACTION_ID_BYTES);
    }

    /**
     * RFC 5389 section 15.4: the HMAC covers the message up to MESSAGE-INTEGRITY, its header's length
     * already counting MESSAGE-INTEGRITY (and nothing after it).
     */
    private void appendIntegrity(ByteBuf out, int start) {
        int at = out.writerIndex();
        out.setShort(start + LENGTH_OFFSET, at + MESSAGE_INTEGRITY_BYTES - start - HEADER_BYTES);
        mac.reset();
        update(out, start, at - start, true);
        finishHmac();
        out.writeShort(MESSAGE_INTEGRITY);
        out.writeShort(HMAC_SHA1_BYTES);
        out.writeBytes(hmac);
    }

    /** RFC 5389 section 15.5: CRC-32 of the message up to FINGERPRINT, the header's length counting FINGERPRINT. */
    private void appendFingerprint(ByteBuf out, int start) {
        int at = out.writerIndex();
        out.setShort(start + LENGTH_OFFSET, at + FINGERPRINT_BYTES - start - HEADER_BYTES);
        crc.reset();
        update(out, start, at - start, false);
        out.writeShort(FINGERPRINT);
        out.writeShort(4);
        out.writeInt((int) crc.getValue() ^ FINGERPRINT_XOR);
    }

    /** FINGERPRINT is last (checked by the caller), so the received length field is the one it was computed with. */
    private boolean fingerprintMatches(ByteBuf req, int off, int fingerprint) {
        crc.reset();
        update(req, off, fingerprint - off, false);
        return ((int) crc.getValue() ^ FINGERPRINT_XOR) == req.getInt(fingerprint + ATTRIBUTE_HEADER_BYTES);
    }

    /** RFC 8445 section 7.2.2: the requester puts the receiver's ufrag first, then a colon. */
    private boolean ufragMatches(ByteBuf req, int username, int usernameLength) {
        if (usernameLength <= ufrag.length || req.getByte(username + ufrag.length) != ':') {
            return false;
        }
        for (int i = 0; i < ufrag.length; i++) {
            if (req.getByte(username + i) != ufrag[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 5389 section 15.4: the HMAC of the message up to MESSAGE-INTEGRITY, with the header's length
     * field as if MESSAGE-INTEGRITY ended the message (FINGERPRINT may follow). Compared in constant time.
     */
    private boolean integrityMatches(ByteBuf req, int off, int integrity) {
        int adjustedLength = integrity + MESSAGE_INTEGRITY_BYTES - off - HEADER_BYTES;
        mac.reset();
        scratch[0] = req.getByte(off);
        scratch[1] = req.getByte(off + 1);
        scratch[2] = (byte) (adjustedLength >>> 8);
        scratch[3] = (byte) adjustedLength;
        mac.update(scratch, 0, 4);
        update(req, off + 4, integrity - off - 4, true);
        finishHmac();
        int diff = 0;
        for (int i = 0; i < HMAC_SHA1_BYTES; i++) {
            diff |= hmac[i] ^ req.getByte(integrity + ATTRIBUTE_HEADER_BYTES + i);
        }
        return diff == 0;
    }

    /** Feeds bytes to the HMAC or the CRC: straight from a heap buffer's array, through the scratch array otherwise. */
    private void update(ByteBuf buf, int index, int length, boolean toMac) {
        if (buf.hasArray()) {
            int from = buf.arrayOffset() + index;
            if (toMac) {
                mac.update(buf.array(), from, length);
            } else {
                crc.update(buf.array(), from, length);
            }
            return;
        }
        while (length > 0) {
            int n = Math.min(length, scratch.length);
            buf.getBytes(index, scratch, 0, n);
            if (toMac) {
                mac.update(scratch, 0, n);
            } else {
                crc.update(scratch, 0, n);
            }
            index += n;
            length -= n;
        }
    }

    private void finishHmac() {
        try {
            mac.doFinal(hmac, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 output does not fit " + HMAC_SHA1_BYTES + " bytes", e);
        }
    }
}
