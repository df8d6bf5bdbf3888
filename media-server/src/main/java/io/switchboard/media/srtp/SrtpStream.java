package io.switchboard.media.srtp;

import io.netty.buffer.ByteBuf;
import java.security.GeneralSecurityException;
import org.jitsi.srtp.BaseSrtpCryptoContext;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.utils.SrtpPacketUtils;
import org.jitsi.utils.ByteArrayBuffer;

/**
 * One direction of SRTP and SRTCP (RFC 3711) with one endpoint, under one SDES key: decrypting what
 * the endpoint sends, or encrypting what is sent to it. Each method transforms one packet in place:
 * the bytes between the buffer's reader and writer index, which may be a direct buffer (Netty's UDP
 * reads give those) or a heap one.
 *
 * <p>Not thread-safe: a stream belongs to one thread, the event loop of its leg, once published to it
 * (a volatile field will do). The packet is copied into a scratch array of {@value #SCRATCH_BYTES}
 * bytes preallocated per stream, transformed there by jitsi-srtp, and copied back. This class
 * allocates nothing per packet except when it meets a new SSRC. jitsi-srtp does, about 120 bytes a
 * packet with its OpenSSL AES and 330 with SunJCE's (JDK 17): a new {@code IvParameterSpec} (and copy
 * of the IV) to re-initialise the AES-CTR cipher for each packet, the key copied again by that
 * initialisation, and the array of the HMAC that {@code Mac.doFinal()} returns. Its per-packet debug
 * logging goes to a silent logger (the lambdas it passes are then optimised away).
 *
 * <p>jitsi-srtp keeps one crypto context per SSRC (RFC 3711 section 3.2.3): one is derived for each
 * SSRC met, its rollover counter starting at 0, up to {@value #MAX_SSRCS} SSRCs per stream for SRTP
 * and as many for SRTCP; packets of further SSRCs are refused. Forgetting a context to make room
 * would be unsafe: a sender restarting an SSRC at rollover counter 0 reuses keystream (RFC 3711
 * section 9.1). A decrypting stream adopts an SSRC only once a packet of it authenticates, so forged
 * packets cannot fill the table.
 *
 * <p>The first context derived in the JVM makes jitsi-srtp benchmark the AES implementations it
 * finds (OpenSSL through its JNI library, SunJCE, BouncyCastle) to pick the fastest, which takes about
 * a second. Creating a stream derives a throw-away context, so this happens on the thread creating
 * the first stream (and a broken crypto set-up fails there), never on an event loop in the middle of
 * a call; {@link #warmUp()} at startup takes it off call set-up too.
 */
public final class SrtpStream {
    /** SSRCs with a context, for SRTP and for SRTCP each: an endpoint sends one or two; more is refused. */
    public static final int MAX_SSRCS = 8;
    /** Bytes of the scratch array: a packet (plain, plus what protection appends) must fit. */
    public static final int SCRATCH_BYTES = 2048;
    /**
     * The most protection appends to a packet: SRTCP's E flag and index and its 80-bit tag (SRTP's tag is
     * at most 10). A buffer with that much room behind the packet ({@link ByteBuf#maxWritableBytes()})
     * is protected in place without reallocation.
     */
    public static final int MAX_OVERHEAD_BYTES = 14;

    private static final int RTP_HEADER_BYTES = 12;
    private static final int RTP_SSRC_OFFSET = 8;
    /** RTCP header and the sender's SSRC (RFC 3550 section 6.4): the part SRTCP leaves clear. */
    private static final int RTCP_HEADER_BYTES = 8;
    private static final int RTCP_SSRC_OFFSET = 4;
    /** The E flag and the 31-bit SRTCP index (RFC 3711 section 3.4). */
    private static final int SRTCP_INDEX_BYTES = 4;
    private static final int HMAC_SHA1_KEY_BYTES = 20;

    private final boolean encrypting;
    private final SrtpSuite suite;
    private final SrtpContextFactory factory;
    private final Scratch scratch = new Scratch();
    private final Contexts<SrtpCryptoContext> rtp;
    private final Contexts<SrtcpCryptoContext> rtcp;
    private long authFailures;
    private long replays;
    private long refused;

    private SrtpStream(SrtpKey key, boolean encrypting) {
        this.encrypting = encrypting;
        this.suite = key.suite();
        this.factory = new SrtpContextFactory(encrypting, key.masterKey(), key.masterSalt(),
                policy(suite, suite.rtpAuthTagBytes()), policy(suite, suite.rtcpAuthTagBytes()), SilentLogger.LOGGER);
        // RFC 3711 section 3.3.1: a new SSRC starts with rollover counter 0.
        this.rtp = new Contexts<>(ssrc -> factory.deriveContext(ssrc, 0));
        this.rtcp = new Contexts<>(factory::deriveControlContext);
        // jitsi-srtp's one-time set-up, or its failure, here rather than at a first packet (after the first: tens of µs a stream).
        derivable(factory);
    }

    /**
     * For packets received from an endpoint that sends with {@code key}.
     *
     * @throws IllegalStateException if jitsi-srtp cannot derive contexts (no usable AES or HMAC-SHA1)
     */
    public static SrtpStream decrypting(SrtpKey key) {
        return new SrtpStream(key, false);
    }

    /**
     * For packets sent to an endpoint told (in our SDP) that we send with {@code key}.
     *
     * @throws IllegalStateException if jitsi-srtp cannot derive contexts (no usable AES or HMAC-SHA1)
     */
    public static SrtpStream encrypting(SrtpKey key) {
        return new SrtpStream(key, true);
    }

    /**
     * Pays jitsi-srtp's one-time set-up on the calling thread: the choice of AES and HMAC
     * implementations (a benchmark of each AES one, about a second) and the loading of its classes and
     * JNI library, so that a missing dependency fails at startup. Idempotent; cheap once done.
     *
     * @throws IllegalStateException if no context can be derived
     */
    public static void warmUp() {
        SrtpSuite suite = SrtpSuite.AES_CM_128_HMAC_SHA1_80;
        SrtpContextFactory f = new SrtpContextFactory(true, new byte[suite.keyBytes()], new byte[suite.saltBytes()],
                policy(suite, suite.rtpAuthTagBytes()), policy(suite, suite.rtcpAuthTagBytes()), SilentLogger.LOGGER);
        try {
            derivable(f);
        } finally {
            f.close();
        }
    }

    /** Derives and drops a context: SRTCP ones use the same AES-CM and HMAC-SHA1. */
    private static void derivable(SrtpContextFactory f) {
        try {
            f.deriveContext(0, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("jitsi-srtp cannot derive an SRTP context: " + e.getMessage(), e);
        }
    }

    /** AES-CM with the suite's key and salt, HMAC-SHA1 with a 160-bit session key (RFC 4568 section 6.2.1). */
    private static SrtpPolicy policy(SrtpSuite suite, int authTagBytes) {
        return new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, suite.keyBytes(), SrtpPolicy.HMACSHA1_AUTHENTICATION,
                HMAC_SHA1_KEY_BYTES, authTagBytes, suite.saltBytes());
    }

    /**
     * Verifies and decrypts an SRTP packet; on success the tag is gone (the writer index moves back by
     * it). False, the buffer left as it was, for a packet too short or too long, failing
     * authentication, replayed (RFC 3711 section 3.3.2), or from an SSRC beyond the limit.
     */
    public boolean unprotectRtp(ByteBuf buf) {
        requireDirection(false);
        int len = buf.readableBytes();
        if (len < RTP_HEADER_BYTES + suite.rtpAuthTagBytes() || len > SCRATCH_BYTES) {
            refused++;
            return false;
        }
        int ssrc = buf.getInt(buf.readerIndex() + RTP_SSRC_OFFSET);
        SrtpCryptoContext context = rtp.forReceiving(ssrc);
        if (context == null) {
            refused++;
            return false;
        }
        scratch.load(buf, len);
        SrtpErrorStatus status;
        try {
            status = context.reverseTransformPacket(scratch, false);
        } catch (GeneralSecurityException e) {
            status = SrtpErrorStatus.FAIL;
        }
        if (status != SrtpErrorStatus.OK) {
            return failed(status);
        }
        rtp.adopt(context);
        scratch.store(buf);
        return true;
    }

    /**
     * Encrypts an RTP packet and appends its tag, growing the buffer only if it lacks the room. False,
     * the packet unchanged, for a packet shorter than its header says, one that would not fit, one
     * from an SSRC beyond the limit, or a sequence number already sent (jitsi-srtp's guard against
     * encrypting two packets under one index). A buffer that cannot grow is refused too: a slice, as
     * Netty's epoll datagram reads deliver (capacity and maximum capacity the datagram's length), must
     * be copied into one with {@link #MAX_OVERHEAD_BYTES} of room first.
     */
    public boolean protectRtp(ByteBuf buf) {
        requireDirection(true);
        int len = buf.readableBytes();
        int tag = suite.rtpAuthTagBytes();
        if (len < RTP_HEADER_BYTES || len + tag > SCRATCH_BYTES || !roomFor(buf, tag)) {
            refused++;
            return false;
        }
        scratch.load(buf, len);
        if (!SrtpPacketUtils.validatePacketLength(scratch, 0)) {
            refused++; // CSRCs or a header extension running past the end
            return false;
        }
        SrtpCryptoContext context = rtp.forSending(buf.getInt(buf.readerIndex() + RTP_SSRC_OFFSET));
        if (context == null) {
            refused++;
            return false;
        }
        SrtpErrorStatus status;
        try {
            status = context.transformPacket(scratch);
        } catch (GeneralSecurityException e) {
            status = SrtpErrorStatus.FAIL;
        }
        if (status != SrtpErrorStatus.OK) {
            return failed(status);
        }
        return storeGrown(buf, len + tag);
    }

    /**
     * Verifies and, when its E flag says so, decrypts an SRTCP packet (RFC 3711 section 3.4); on
     * success the E flag, SRTCP index and tag are gone. False as for {@link #unprotectRtp}.
     */
    public boolean unprotectRtcp(ByteBuf buf) {
        requireDirection(false);
        int len = buf.readableBytes();
        if (len < RTCP_HEADER_BYTES + SRTCP_INDEX_BYTES + suite.rtcpAuthTagBytes() || len > SCRATCH_BYTES) {
            refused++;
            return false;
        }
        int ssrc = buf.getInt(buf.readerIndex() + RTCP_SSRC_OFFSET);
        SrtcpCryptoContext context = rtcp.forReceiving(ssrc);
        if (context == null) {
            refused++;
            return false;
        }
        scratch.load(buf, len);
        SrtpErrorStatus status;
        try {
            status = context.reverseTransformPacket(scratch);
        } catch (GeneralSecurityException e) {
            status = SrtpErrorStatus.FAIL;
        }
        if (status != SrtpErrorStatus.OK) {
            return failed(status);
        }
        rtcp.adopt(context);
        scratch.store(buf);
        return true;
    }

    /**
     * Encrypts an RTCP (compound) packet after its first 8 bytes, appends the E flag with the SRTCP
     * index, then the 80-bit tag. False, the packet unchanged, for one shorter than 8 bytes, too long
     * to fit (or in a buffer that cannot grow, see {@link #protectRtp}), or from an SSRC beyond the limit.
     */
    public boolean protectRtcp(ByteBuf buf) {
        requireDirection(true);
        int len = buf.readableBytes();
        int trailer = SRTCP_INDEX_BYTES + suite.rtcpAuthTagBytes();
        if (len < RTCP_HEADER_BYTES || len + trailer > SCRATCH_BYTES || !roomFor(buf, trailer)) {
            refused++;
            return false;
        }
        SrtcpCryptoContext context = rtcp.forSending(buf.getInt(buf.readerIndex() + RTCP_SSRC_OFFSET));
        if (context == null) {
            refused++;
            return false;
        }
        scratch.load(buf, len);
        SrtpErrorStatus status;
        try {
            status = context.transformPacket(scratch);
        } catch (GeneralSecurityException e) {
            status = SrtpErrorStatus.FAIL;
        }
        if (status != SrtpErrorStatus.OK) {
            return failed(status);
        }
        return storeGrown(buf, len + trailer);
    }

    /** Packets that failed authentication (a wrong key, or altered on the way). */
    public long authFailures() {
        return authFailures;
    }

    /**
     * Packets refused as already received or older than the 64-packet replay window (RFC 3711 section
     * 3.3.2); when encrypting, packets whose sequence number was already sent.
     */
    public long replays() {
        return replays;
    }

    /** Packets refused for any other reason: malformed, too short or too long, or from an SSRC beyond the limit. */
    public long refused() {
        return refused;
    }

    /** The suite of this stream's key. */
    public SrtpSuite suite() {
        return suite;
    }

    @Override
    public String toString() {
        return "SrtpStream[" + (encrypting ? "encrypting " : "decrypting ") + suite + "]";
    }

    private void requireDirection(boolean protect) {
        if (protect != encrypting) {
            throw new IllegalStateException(protect ? "a decrypting SrtpStream cannot protect" : "an encrypting SrtpStream cannot unprotect");
        }
    }

    private boolean failed(SrtpErrorStatus status) {
        switch (status) {
            case AUTH_FAIL -> authFailures++;
            case REPLAY_FAIL, REPLAY_OLD -> replays++;
            default -> refused++;
        }
        return false;
    }

    /** Room behind the packet for {@code extra} bytes; reallocates only a buffer that lacks it (and may grow). */
    private static boolean roomFor(ByteBuf buf, int extra) {
        // 0: had room; 2: grown. 1 and 3: cannot grow enough (a slice, a read-only or a bounded buffer).
        return (buf.ensureWritable(extra, false) & 1) == 0;
    }

    /** Copies a protected packet back, which roomFor made room for; false if it is not the length expected. */
    private boolean storeGrown(ByteBuf buf, int expected) {
        if (scratch.length != expected) {
            refused++; // not seen: jitsi-srtp appends exactly the tag (and the SRTCP index)
            return false;
        }
        scratch.store(buf);
        return true;
    }

    /** The contexts of the SSRCs a stream met, for SRTP or for SRTCP: few, so arrays searched in order (no boxing). */
    private static final class Contexts<C extends BaseSrtpCryptoContext> {
        private final Deriver<C> deriver;
        private final int[] ssrcs = new int[MAX_SSRCS];
        private final Object[] contexts = new Object[MAX_SSRCS];
        private int size;
        /** A receiving context for a new SSRC, kept until a packet of it authenticates. */
        private C candidate;
        private int candidateSsrc;

        Contexts(Deriver<C> deriver) {
            this.deriver = deriver;
        }

        @SuppressWarnings("unchecked")
        private C find(int ssrc) {
            for (int i = 0; i < size; i++) {
                if (ssrcs[i] == ssrc) {
                    return (C) contexts[i];
                }
            }
            return null;
        }

        /** The SSRC's context, derived and kept if new; null beyond the limit. */
        C forSending(int ssrc) {
            C context = find(ssrc);
            if (context == null && size < MAX_SSRCS && (context = derive(ssrc)) != null) {
                add(ssrc, context);
            }
            return context;
        }

        /** The SSRC's context, or a candidate one for a new SSRC that {@link #adopt} keeps; null beyond the limit. */
        C forReceiving(int ssrc) {
            C context = find(ssrc);
            if (context != null || size == MAX_SSRCS) {
                return context;
            }
            if (candidate == null || candidateSsrc != ssrc) {
                // jitsi-srtp leaves a context as new when its first packet fails, so a candidate is reusable.
                candidate = derive(ssrc);
                candidateSsrc = ssrc;
            }
            return candidate;
        }

        /** After a packet authenticated under {@code context}: keeps it if it was the candidate. */
        void adopt(C context) {
            if (context == candidate) {
                add(candidateSsrc, context);
                candidate = null;
            }
        }

        private void add(int ssrc, C context) {
            ssrcs[size] = ssrc;
            contexts[size] = context;
            size++;
        }

        private C derive(int ssrc) {
            try {
                return deriver.derive(ssrc);
            } catch (GeneralSecurityException e) {
                return null;
            }
        }
    }

    @FunctionalInterface
    private interface Deriver<C> {
        C derive(int ssrc) throws GeneralSecurityException;
    }

    /** A packet as jitsi-srtp sees it: the scratch array, the packet at offset 0. */
    private static final class Scratch implements ByteArrayBuffer {
        private final byte[] bytes = new byte[SCRATCH_BYTES];
        private int length;

        void load(ByteBuf buf, int len) {
            buf.getBytes(buf.readerIndex(), bytes, 0, len);
            length = len;
        }

        /** Back into the buffer, from its reader index; the capacity must be there already. */
        void store(ByteBuf buf) {
            int from = buf.readerIndex();
            buf.setBytes(from, bytes, 0, length);
            buf.writerIndex(from + length);
        }

        @Override
        public byte[] getBuffer() {
            return bytes;
        }

        @Override
        public int getOffset() {
            return 0;
        }

        @Override
        public int getLength() {
            return length;
        }

        @Override
        public void setLength(int len) {
            if (len < 0 || len > bytes.length) {
                throw new IllegalArgumentException("length " + len);
            }
            length = len;
        }

        /** Only cryptex (RFC 9335) moves the offset, and only when sending with it, which is not enabled. */
        @Override
        public void setOffset(int offset) {
            if (offset != 0) {
                throw new UnsupportedOperationException("offset " + offset);
            }
        }

        @Override
        public boolean isInvalid() {
            return false;
        }

        @Override
        public void readRegionToBuff(int off, int len, byte[] out) {
            System.arraycopy(bytes, off, out, 0, len);
        }

        /** Capacity, not length: the checks before each transform leave the room it asks for. */
        @Override
        public void grow(int howMuch) {
            if (length + howMuch > bytes.length) {
                throw new IllegalStateException("packet of " + length + " bytes cannot grow by " + howMuch);
            }
        }

        @Override
        public void append(byte[] data, int len) {
            grow(len);
            System.arraycopy(data, 0, bytes, length, len);
            length += len;
        }

        @Override
        public void shrink(int len) {
            length = Math.max(0, length - Math.max(0, len));
        }
    }
}
