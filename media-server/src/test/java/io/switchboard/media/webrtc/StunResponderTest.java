package io.switchboard.media.webrtc;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.switchboard.media.webrtc.StunResponder.Check;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The ICE-lite STUN responder (RFC 8445 section 7.3, RFC 5389) against the RFC 5769 test vectors, and
 * against requests built here with an independent encoder; responses are verified with an independent
 * MESSAGE-INTEGRITY and FINGERPRINT check.
 */
class StunResponderTest {
    /** RFC 5769 section 2.1, sample request: USERNAME "evtj:h6vY", SOFTWARE, PRIORITY, ICE-CONTROLLED, MI, FINGERPRINT. */
    private static final byte[] SAMPLE_REQUEST = hex("""
            00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
            00 24 00 04 6e 00 01 ff
            80 29 00 08 93 2f f9 b1 51 26 3b 36
            00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
            00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
            80 28 00 04 e5 7a 3b cf""");
    /** RFC 5769 section 2.2, sample IPv4 response: 192.0.2.1 port 32853. */
    private static final byte[] SAMPLE_IPV4_RESPONSE = hex("""
            01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
            00 20 00 08 00 01 a1 47 e1 12 a6 43
            00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
            80 28 00 04 c0 7d 4c 96""");
    /** RFC 5769 section 2.3, sample IPv6 response: 2001:db8:1234:5678:11:2233:4455:6677 port 32853. */
    private static final byte[] SAMPLE_IPV6_RESPONSE = hex("""
            01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
            00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
            00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
            80 28 00 04 c8 fb 0b 4c""");
    /** The XOR-MAPPED-ADDRESS attributes of the two sample responses, header included. */
    private static final byte[] SAMPLE_IPV4_XOR_MAPPED = hex("00 20 00 08 00 01 a1 47 e1 12 a6 43");
    private static final byte[] SAMPLE_IPV6_XOR_MAPPED =
            hex("00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9");
    private static final byte[] SAMPLE_TRANSACTION_ID = hex("b7 e7 a7 01 bc 34 d6 86 fa 87 df ae");
    private static final String SAMPLE_PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";
    /** Our side of the sample: USERNAME is {@code <receiver's ufrag>:<sender's ufrag>} (RFC 8445 section 7.2.2). */
    private static final String SAMPLE_LOCAL_UFRAG = "evtj";

    private static final int MAGIC_COOKIE = 0x2112A442;

    private final StunResponder sample = responder(SAMPLE_LOCAL_UFRAG, SAMPLE_PASSWORD);

    // --- RFC 5769 section 2.1: the sample request ---

    @Test
    void theSampleRequestIsAnAuthenticatedBindingRequest_rfc5769_2_1() {
        assertThat(check(sample, SAMPLE_REQUEST)).isEqualTo(Check.BINDING_REQUEST);
    }

    @Test
    void theSampleRequestChecksInADirectBufferAtAnOffsetWithoutMovingItsIndexes_rfc5769_2_1() {
        ByteBuf buf = Unpooled.directBuffer(7 + SAMPLE_REQUEST.length + 5);
        try {
            buf.writeZero(7).writeBytes(SAMPLE_REQUEST).writeZero(5).readerIndex(3);
            assertThat(StunBinding.isStun(buf, 7, SAMPLE_REQUEST.length)).isTrue();
            assertThat(sample.check(buf, 7, SAMPLE_REQUEST.length)).isEqualTo(Check.BINDING_REQUEST);
            assertThat(buf.readerIndex()).isEqualTo(3);
            assertThat(buf.writerIndex()).isEqualTo(7 + SAMPLE_REQUEST.length + 5);
        } finally {
            buf.release();
        }
    }

    @Test
    void aWrongPasswordIsUnauthorized_rfc5389_10_1_2() {
        assertThat(check(responder(SAMPLE_LOCAL_UFRAG, "VOkJxbRl1RmTxUk/WvJxBu"), SAMPLE_REQUEST))
                .isEqualTo(Check.UNAUTHORIZED);
    }

    @Test
    void aUsernameNotStartingWithTheLocalUfragAndAColonIsUnauthorized_rfc8445_7_2_2() {
        // "h6vY" is the sender's ufrag, after the colon; "evt" and "evtj:" are not followed by / do not end at the colon.
        assertThat(check(responder("h6vY", SAMPLE_PASSWORD), SAMPLE_REQUEST)).isEqualTo(Check.UNAUTHORIZED);
        assertThat(check(responder("evt", SAMPLE_PASSWORD), SAMPLE_REQUEST)).isEqualTo(Check.UNAUTHORIZED);
        assertThat(check(responder("evtj:h6vY", SAMPLE_PASSWORD), SAMPLE_REQUEST)).isEqualTo(Check.UNAUTHORIZED);
    }

    @Test
    void aFlippedByteFailsTheFingerprintSoTheMessageIsMalformed_rfc5389_7_3() {
        byte[] software = flipped(SAMPLE_REQUEST, 24);
        byte[] integrity = flipped(SAMPLE_REQUEST, 90);
        byte[] fingerprint = flipped(SAMPLE_REQUEST, SAMPLE_REQUEST.length - 1);

        assertThat(check(sample, software)).isEqualTo(Check.MALFORMED);
        assertThat(check(sample, integrity)).isEqualTo(Check.MALFORMED);
        assertThat(check(sample, fingerprint)).isEqualTo(Check.MALFORMED);
    }

    @Test
    void aFlippedByteUnderAFreshFingerprintFailsMessageIntegrity_rfc5389_15_4() {
        byte[] software = refingerprinted(flipped(SAMPLE_REQUEST, 24));
        byte[] priority = refingerprinted(flipped(SAMPLE_REQUEST, 45));
        byte[] integrity = refingerprinted(flipped(SAMPLE_REQUEST, 90));

        assertThat(check(sample, refingerprinted(SAMPLE_REQUEST.clone()))).isEqualTo(Check.BINDING_REQUEST);
        assertThat(check(sample, software)).isEqualTo(Check.UNAUTHORIZED);
        assertThat(check(sample, priority)).isEqualTo(Check.UNAUTHORIZED);
        assertThat(check(sample, integrity)).isEqualTo(Check.UNAUTHORIZED);
    }

    @Test
    void theSampleResponseIsNotABindingRequestAndIsIgnored_rfc5769_2_2() {
        assertThat(check(sample, SAMPLE_IPV4_RESPONSE)).isEqualTo(Check.NOT_BINDING);
    }

    // --- RFC 5769 sections 2.2 and 2.3: our success responses ---

    @Test
    void theIndependentVerifierAcceptsTheSampleResponses_rfc5769_2_2_and_2_3() {
        for (byte[] response : List.of(SAMPLE_REQUEST, SAMPLE_IPV4_RESPONSE, SAMPLE_IPV6_RESPONSE)) {
            assertThat(integrityVerifies(response, SAMPLE_PASSWORD)).isTrue();
            assertThat(fingerprintVerifies(response)).isTrue();
        }
        assertThat(integrityVerifies(SAMPLE_IPV4_RESPONSE, "VOkJxbRl1RmTxUk/WvJxBu")).isFalse();
        assertThat(fingerprintVerifies(flipped(SAMPLE_IPV4_RESPONSE, 30))).isFalse();
    }

    @Test
    void anIpv4SuccessResponseHasTheSampleXorMappedAddressAndVerifies_rfc5769_2_2() throws Exception {
        byte[] response = success(sample, SAMPLE_REQUEST,
                new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));

        assertSuccessResponse(response, SAMPLE_IPV4_XOR_MAPPED);
        assertThat(response).hasSize(20 + 12 + 24 + 8);
    }

    @Test
    void anIpv6SuccessResponseHasTheSampleXorMappedAddressAndVerifies_rfc5769_2_3() throws Exception {
        byte[] response = success(sample, SAMPLE_REQUEST,
                new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));

        assertSuccessResponse(response, SAMPLE_IPV6_XOR_MAPPED);
        assertThat(response).hasSize(StunResponder.MAX_SUCCESS_BYTES);
    }

    @Test
    void aSuccessResponseIsAppendedAtTheWriterIndexAndLeavesTheRequestUntouched_rfc8445_7_3() throws Exception {
        ByteBuf req = Unpooled.directBuffer(4 + SAMPLE_REQUEST.length);
        ByteBuf out = Unpooled.directBuffer(16);
        try {
            req.writeZero(4).writeBytes(SAMPLE_REQUEST).readerIndex(2);
            out.writeBytes(new byte[] {1, 2, 3});
            int written = sample.writeSuccess(req, 4, out,
                    new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));

            assertThat(written).isEqualTo(out.readableBytes() - 3);
            assertThat(req.readerIndex()).isEqualTo(2);
            assertThat(req.writerIndex()).isEqualTo(4 + SAMPLE_REQUEST.length);
            byte[] response = new byte[written];
            out.getBytes(3, response);
            assertSuccessResponse(response, SAMPLE_IPV4_XOR_MAPPED);
            assertThat(out.getByte(0)).isEqualTo((byte) 1);
            assertThat(sample.check(out, 3, written)).isEqualTo(Check.NOT_BINDING);
        } finally {
            req.release();
            out.release();
        }
    }

    @Test
    void anUnresolvedMappedAddressIsRefused() {
        ByteBuf req = Unpooled.wrappedBuffer(SAMPLE_REQUEST);
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> sample.writeSuccess(req, 0, out, InetSocketAddress.createUnresolved("peer.example", 5000)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unresolved");
            assertThat(out.writerIndex()).isZero();
        } finally {
            req.release();
            out.release();
        }
    }

    // --- Error responses, RFC 5389 sections 7.3.1 and 15.6 ---

    @Test
    void a401CarriesTheErrorCodeAndAFingerprintButNoMessageIntegrity_rfc5389_10_1_2() {
        byte[] response = error(sample, SAMPLE_REQUEST, 401, "Unauthorized");

        assertThat(u16(response, 0)).isEqualTo(0x0111);
        assertThat(Arrays.copyOfRange(response, 8, 20)).isEqualTo(SAMPLE_TRANSACTION_ID);
        Map<Integer, byte[]> attributes = attributes(response);
        assertThat(attributes.keySet()).containsExactly(0x0009, 0x8028);
        assertThat(attributes.get(0x0009))
                .isEqualTo(concat(hex("00 09 00 10 00 00 04 01"), "Unauthorized".getBytes(US_ASCII)));
        assertThat(fingerprintVerifies(response)).isTrue();
        assertThat(StunBinding.isStun(Unpooled.wrappedBuffer(response), 0, response.length)).isTrue();
    }

    @Test
    void a400ReasonIsPaddedToFourBytes_rfc5389_15_6() {
        byte[] response = error(sample, SAMPLE_REQUEST, 400, "Bad Request");

        assertThat(response).hasSize(20 + 4 + 16 + 8);
        assertThat(u16(response, 2)).isEqualTo(response.length - 20);
        assertThat(Arrays.copyOfRange(response, 20, 40))
                .isEqualTo(concat(hex("00 09 00 0f 00 00 04 00"), "Bad Request".getBytes(US_ASCII), new byte[1]));
        assertThat(fingerprintVerifies(response)).isTrue();
    }

    @Test
    void anErrorCodeOutsideTheErrorClassesOrAnOverlongReasonIsRefused_rfc5389_15_6() {
        assertThatThrownBy(() -> error(sample, SAMPLE_REQUEST, 200, "OK"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("200");
        assertThatThrownBy(() -> error(sample, SAMPLE_REQUEST, 400, "x".repeat(128)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("128");
    }

    // --- ICE requests, RFC 8445 section 7 ---

    @Test
    void useCandidateIsReportedAsNomination_rfc8445_7_3_2() {
        byte[] request = iceRequest("evtj:peer").attr(0x0025, new byte[0]).integrity(SAMPLE_PASSWORD).fingerprint().bytes();

        assertThat(check(sample, request)).isEqualTo(Check.BINDING_REQUEST_USE_CANDIDATE);
    }

    @Test
    void aRequestWithoutUseCandidateIsAPlainCheck_rfc8445_7_3() {
        byte[] request = iceRequest("evtj:peer").integrity(SAMPLE_PASSWORD).fingerprint().bytes();

        assertThat(check(sample, request)).isEqualTo(Check.BINDING_REQUEST);
    }

    @Test
    void aRequestWithoutFingerprintIsAcceptedOnItsIntegrity_rfc5389_15_5() {
        byte[] request = iceRequest("evtj:peer").attr(0x0025, new byte[0]).integrity(SAMPLE_PASSWORD).bytes();

        assertThat(check(sample, request)).isEqualTo(Check.BINDING_REQUEST_USE_CANDIDATE);
    }

    @Test
    void attributesAfterMessageIntegrityAreIgnoredUseCandidateIncluded_rfc5389_15_4() {
        byte[] request = iceRequest("evtj:peer").integrity(SAMPLE_PASSWORD)
                .attr(0x0025, new byte[0]).attr(0x0006, "other:peer".getBytes(US_ASCII)).fingerprint().bytes();

        assertThat(check(sample, request)).isEqualTo(Check.BINDING_REQUEST);
    }

    @Test
    void unknownComprehensionRequiredAttributesAreIgnored_rfc5389_7_3_1() {
        byte[] request = iceRequest("evtj:peer").attr(0x7777, new byte[] {1, 2, 3}).integrity(SAMPLE_PASSWORD)
                .fingerprint().bytes();

        assertThat(check(sample, request)).isEqualTo(Check.BINDING_REQUEST);
    }

    @Test
    void aRequestWithoutUsernameOrMessageIntegrityIsUnauthorized_rfc5389_10_1_2() {
        byte[] noUsername = new Message(0x0001).attr(0x0024, hex("6e 00 01 ff")).integrity(SAMPLE_PASSWORD)
                .fingerprint().bytes();
        byte[] noIntegrity = iceRequest("evtj:peer").bytes();

        assertThat(check(sample, noUsername)).isEqualTo(Check.UNAUTHORIZED);
        assertThat(check(sample, noIntegrity)).isEqualTo(Check.UNAUTHORIZED);
    }

    @Test
    void aBindingIndicationIsIgnoredSilently_rfc8445_11() {
        byte[] keepalive = new Message(0x0011).fingerprint().bytes();

        assertThat(check(sample, keepalive)).isEqualTo(Check.BINDING_INDICATION);
        assertThat(check(sample, new Message(0x0011).bytes())).isEqualTo(Check.BINDING_INDICATION);
    }

    @Test
    void otherMethodsAndClassesAreNotBinding_rfc5389_6() {
        assertThat(check(sample, new Message(0x0003).bytes())).isEqualTo(Check.NOT_BINDING);
        assertThat(check(sample, new Message(0x0111).bytes())).isEqualTo(Check.NOT_BINDING);
    }

    // --- Malformed messages, RFC 5389 sections 6 and 15 ---

    @Test
    void aTruncatedMessageIsMalformed_rfc5389_6() {
        assertThat(check(sample, Arrays.copyOf(SAMPLE_REQUEST, 60))).isEqualTo(Check.MALFORMED);
        assertThat(check(sample, Arrays.copyOf(SAMPLE_REQUEST, 19))).isEqualTo(Check.MALFORMED);
        assertThat(check(sample, Arrays.copyOf(SAMPLE_REQUEST, SAMPLE_REQUEST.length - 1))).isEqualTo(Check.MALFORMED);
    }

    @Test
    void anAttributeRunningPastTheEndIsMalformed_rfc5389_15() {
        byte[] request = SAMPLE_REQUEST.clone();
        request[62] = 0; // USERNAME's length, 9: now 0x64 bytes, past the end
        request[63] = 0x64;

        assertThat(check(sample, request)).isEqualTo(Check.MALFORMED);
        byte[] last = new Message(0x0001).attr(0x0006, "evtj:peer".getBytes(US_ASCII)).bytes();
        last[23] = 13; // the last attribute, USERNAME of 9 bytes (12 padded), now 13: 1 byte past the end
        assertThat(check(sample, last)).isEqualTo(Check.MALFORMED);
    }

    @Test
    void aLengthFieldOtherThanTheDatagramsOrNotAMultipleOfFourIsMalformed_rfc5389_6() {
        byte[] shorter = SAMPLE_REQUEST.clone();
        shorter[3] = 0x54;
        byte[] odd = Arrays.copyOf(new Message(0x0001).bytes(), 22);
        odd[3] = 2;

        assertThat(check(sample, shorter)).isEqualTo(Check.MALFORMED);
        assertThat(check(sample, odd)).isEqualTo(Check.MALFORMED);
    }

    @Test
    void aMessageWithoutMagicCookieOrWithTheTopBitsSetIsMalformed_rfc5389_6() {
        assertThat(check(sample, flipped(SAMPLE_REQUEST, 5))).isEqualTo(Check.MALFORMED);
        assertThat(check(sample, flipped(SAMPLE_REQUEST, 0))).isEqualTo(Check.MALFORMED);
    }

    @Test
    void aFingerprintNotLastOrBeforeMessageIntegrityIsMalformed_rfc5389_15_5() {
        byte[] notLast = iceRequest("evtj:peer").integrity(SAMPLE_PASSWORD).fingerprint()
                .attr(0x8022, "late".getBytes(US_ASCII)).bytes();
        byte[] beforeIntegrity = iceRequest("evtj:peer").fingerprint().integrity(SAMPLE_PASSWORD).bytes();
        byte[] withoutIntegrity = iceRequest("evtj:peer").fingerprint().bytes();

        assertThat(check(sample, notLast)).isEqualTo(Check.MALFORMED);
        assertThat(check(sample, beforeIntegrity)).isEqualTo(Check.MALFORMED);
        assertThat(check(sample, withoutIntegrity)).isEqualTo(Check.MALFORMED);
    }

    @Test
    void aMessageIntegrityOfTheWrongSizeIsMalformed_rfc5389_15_4() {
        byte[] request = iceRequest("evtj:peer").attr(0x0008, new byte[16]).bytes();

        assertThat(check(sample, request)).isEqualTo(Check.MALFORMED);
    }

    // --- Demultiplexing, RFC 7983 section 7 ---

    @Test
    void isStunTellsStunFromRtpAndDtls_rfc7983_7() {
        byte[] rtp = SAMPLE_REQUEST.clone();
        rtp[0] = (byte) 0x80;
        byte[] dtls = SAMPLE_REQUEST.clone();
        dtls[0] = 22;

        assertThat(StunBinding.isStun(Unpooled.wrappedBuffer(SAMPLE_REQUEST), 0, SAMPLE_REQUEST.length)).isTrue();
        assertThat(StunBinding.isStun(Unpooled.wrappedBuffer(rtp), 0, rtp.length)).isFalse();
        assertThat(StunBinding.isStun(Unpooled.wrappedBuffer(dtls), 0, dtls.length)).isFalse();
        assertThat(StunBinding.isStun(Unpooled.wrappedBuffer(SAMPLE_REQUEST), 0, 19)).isFalse();
        assertThat(StunBinding.isStun(Unpooled.wrappedBuffer(flipped(SAMPLE_REQUEST, 4)), 0, SAMPLE_REQUEST.length))
                .isFalse();
    }

    // --- IceCredentials, RFC 8839 section 5.4 ---

    @Test
    void randomCredentialsAreValidIceChars_rfc8839_5_4() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 100; i++) {
            IceCredentials credentials = IceCredentials.random(random);
            assertThat(credentials.ufrag()).hasSize(8).matches("[A-Za-z0-9+/]+");
            assertThat(credentials.password()).hasSize(24).matches("[A-Za-z0-9+/]+");
            assertThat(new IceCredentials(credentials.ufrag(), credentials.password())).isEqualTo(credentials);
        }
        assertThat(IceCredentials.random(random)).isNotEqualTo(IceCredentials.random(random));
    }

    @Test
    void aShortPasswordOrUfragOrAForeignCharacterIsRefusedNamingTheField_rfc8839_5_4() {
        assertThatThrownBy(() -> new IceCredentials("evtj", "VOkJxbRl1RmTxUk/WvJxB"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password")
                .hasMessageNotContaining("VOkJ");
        assertThatThrownBy(() -> new IceCredentials("evt", SAMPLE_PASSWORD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ufrag");
        assertThatThrownBy(() -> new IceCredentials("ev:j", SAMPLE_PASSWORD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ufrag");
        assertThatThrownBy(() -> new IceCredentials("evtj", "VOkJxbRl1RmTxUk/WvJxBt="))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password");
        assertThatThrownBy(() -> new IceCredentials("evtj", "x".repeat(257)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password");
    }

    @Test
    void toStringShowsTheUfragButNotThePassword() {
        IceCredentials credentials = new IceCredentials(SAMPLE_LOCAL_UFRAG, SAMPLE_PASSWORD);

        assertThat(credentials.toString()).contains("evtj").doesNotContain(SAMPLE_PASSWORD).doesNotContain("VOkJ");
    }

    @Test
    void aResponderFromCredentialsChecksWithThem_rfc8445_7_2_2() {
        StunResponder fromCredentials = new StunResponder(new IceCredentials(SAMPLE_LOCAL_UFRAG, SAMPLE_PASSWORD));

        assertThat(check(fromCredentials, SAMPLE_REQUEST)).isEqualTo(Check.BINDING_REQUEST);
    }

    // --- helpers ---

    private static void assertSuccessResponse(byte[] response, byte[] xorMappedAddress) {
        assertThat(u16(response, 0)).isEqualTo(0x0101);
        assertThat(u16(response, 2)).isEqualTo(response.length - 20);
        assertThat(ByteBuffer.wrap(response, 4, 4).getInt()).isEqualTo(MAGIC_COOKIE);
        assertThat(Arrays.copyOfRange(response, 8, 20)).isEqualTo(SAMPLE_TRANSACTION_ID);
        Map<Integer, byte[]> attributes = attributes(response);
        assertThat(attributes.keySet()).containsExactly(0x0020, 0x0008, 0x8028);
        assertThat(attributes.get(0x0020)).isEqualTo(xorMappedAddress);
        assertThat(integrityVerifies(response, SAMPLE_PASSWORD)).isTrue();
        assertThat(integrityVerifies(response, "VOkJxbRl1RmTxUk/WvJxBu")).isFalse();
        assertThat(fingerprintVerifies(response)).isTrue();
    }

    private static StunResponder responder(String ufrag, String password) {
        return new StunResponder(ufrag.getBytes(US_ASCII), password.getBytes(US_ASCII));
    }

    private static Check check(StunResponder responder, byte[] message) {
        ByteBuf buf = Unpooled.wrappedBuffer(message);
        try {
            return responder.check(buf, 0, message.length);
        } finally {
            buf.release();
        }
    }

    private static byte[] success(StunResponder responder, byte[] request, InetSocketAddress mapped) {
        ByteBuf req = Unpooled.wrappedBuffer(request);
        ByteBuf out = Unpooled.buffer(StunResponder.MAX_SUCCESS_BYTES);
        try {
            int written = responder.writeSuccess(req, 0, out, mapped);
            assertThat(written).isEqualTo(out.readableBytes());
            return readAll(out);
        } finally {
            req.release();
            out.release();
        }
    }

    private static byte[] error(StunResponder responder, byte[] request, int code, String reason) {
        ByteBuf req = Unpooled.wrappedBuffer(request);
        ByteBuf out = Unpooled.buffer(64);
        try {
            int written = responder.writeError(req, 0, out, code, reason);
            assertThat(written).isEqualTo(out.readableBytes());
            return readAll(out);
        } finally {
            req.release();
            out.release();
        }
    }

    private static byte[] readAll(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        return bytes;
    }

    /** An ICE check as browsers send it: USERNAME, PRIORITY, ICE-CONTROLLING (RFC 8445 section 7.1). */
    private static Message iceRequest(String username) {
        return new Message(0x0001).attr(0x0006, username.getBytes(UTF_8)).attr(0x0024, hex("6e 00 01 ff"))
                .attr(0x802A, hex("01 02 03 04 05 06 07 08"));
    }

    /**
     * Attributes of a message (checked to be well formed), by type in order, each with its header but
     * without padding; the first of a type only.
     */
    private static Map<Integer, byte[]> attributes(byte[] message) {
        Map<Integer, byte[]> attributes = new LinkedHashMap<>();
        int pos = 20;
        while (pos < message.length) {
            int length = u16(message, pos + 2);
            assertThat(pos + 4 + length).isLessThanOrEqualTo(message.length);
            attributes.putIfAbsent(u16(message, pos), Arrays.copyOfRange(message, pos, pos + 4 + length));
            pos += 4 + ((length + 3) & ~3);
        }
        assertThat(pos).isEqualTo(message.length);
        return attributes;
    }

    /** RFC 5389 section 15.4, computed here independently of the responder. */
    private static boolean integrityVerifies(byte[] message, String password) {
        int pos = 20;
        while (pos < message.length && u16(message, pos) != 0x0008) {
            pos += 4 + ((u16(message, pos + 2) + 3) & ~3);
        }
        if (pos >= message.length) {
            return false;
        }
        byte[] covered = Arrays.copyOf(message, pos);
        int length = pos + 24 - 20;
        covered[2] = (byte) (length >> 8);
        covered[3] = (byte) length;
        return Arrays.equals(hmacSha1(password.getBytes(UTF_8), covered), Arrays.copyOfRange(message, pos + 4, pos + 24));
    }

    /** RFC 5389 section 15.5: FINGERPRINT last, CRC-32 of all before it XOR 0x5354554e. */
    private static boolean fingerprintVerifies(byte[] message) {
        int at = message.length - 8;
        return u16(message, at) == 0x8028 && u16(message, at + 2) == 4
                && ByteBuffer.wrap(message, at + 4, 4).getInt() == fingerprintValue(message, at);
    }

    private static int fingerprintValue(byte[] message, int length) {
        CRC32 crc = new CRC32();
        crc.update(message, 0, length);
        return (int) crc.getValue() ^ 0x5354554E;
    }

    /** The message with its last 8 bytes, a FINGERPRINT, recomputed. */
    private static byte[] refingerprinted(byte[] message) {
        ByteBuffer.wrap(message).putInt(message.length - 4, fingerprintValue(message, message.length - 8));
        return message;
    }

    private static byte[] hmacSha1(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] flipped(byte[] message, int index) {
        byte[] copy = message.clone();
        copy[index] ^= 0x40;
        return copy;
    }

    private static int u16(byte[] bytes, int index) {
        return ((bytes[index] & 0xFF) << 8) | (bytes[index + 1] & 0xFF);
    }

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }

    /** A STUN message encoder for the tests, independent of the responder: attributes in the order given. */
    private static final class Message {
        private final ByteBuffer buf = ByteBuffer.allocate(512);

        Message(int type) {
            buf.putShort((short) type).putShort((short) 0).putInt(MAGIC_COOKIE).put(SAMPLE_TRANSACTION_ID);
        }

        Message attr(int type, byte[] value) {
            buf.putShort((short) type).putShort((short) value.length).put(value);
            buf.put(new byte[((value.length + 3) & ~3) - value.length]);
            return this;
        }

        /** RFC 5389 section 15.4: the length field counting MESSAGE-INTEGRITY, then the HMAC of what precedes it. */
        Message integrity(String password) {
            int at = buf.position();
            buf.putShort(2, (short) (at + 24 - 20));
            byte[] hmac = hmacSha1(password.getBytes(UTF_8), Arrays.copyOf(buf.array(), at));
            return attr(0x0008, hmac);
        }

        /** RFC 5389 section 15.5. */
        Message fingerprint() {
            int at = buf.position();
            buf.putShort(2, (short) (at + 8 - 20));
            return attr(0x8028, ByteBuffer.allocate(4).putInt(fingerprintValue(buf.array(), at)).array());
        }

        byte[] bytes() {
            buf.putShort(2, (short) (buf.position() - 20));
            return Arrays.copyOf(buf.array(), buf.position());
        }
    }
}
