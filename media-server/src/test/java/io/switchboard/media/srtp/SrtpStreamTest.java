package io.switchboard.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SRTP and SRTCP (RFC 3711) through {@link SrtpStream}, on pooled direct buffers as Netty's UDP reads
 * give them.
 *
 * <p>Known answers (RFC 3711 Appendix B): jitsi-srtp exposes neither session keys nor keystream, only
 * protected packets, so the vectors are checked through those. {@link Rfc3711}, a reference transform
 * written here from RFC 3711 sections 3.4, 4.1.1, 4.2 and 4.3.1 on the JDK's AES and HMAC-SHA1, is
 * itself checked against the B.2 keystream and the B.3 session keys; then the streams have to agree
 * with it byte for byte under the B.3 master key, on both sides of a rollover, and for SRTCP.
 */
class SrtpStreamTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int RTP_BYTES = 172; // 12-byte header, 20 ms of G.711
    private static final int SSRC = 0x11223344;

    private final List<ByteBuf> buffers = new ArrayList<>();

    @AfterEach
    void release() {
        buffers.stream().filter(b -> b.refCnt() > 0).forEach(ByteBuf::release);
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void aPacketProtectedThenUnprotectedUnderOneKeyComesBackAsItWasOver100Packets_rfc3711_3_3(SrtpSuite suite) {
        SrtpKey key = SrtpKey.random(suite, RANDOM);
        SrtpStream sender = SrtpStream.encrypting(key);
        SrtpStream receiver = SrtpStream.decrypting(key);

        for (int i = 0; i < 100; i++) {
            byte[] plain = rtp(1000 + i, SSRC, i);
            ByteBuf buf = direct(plain);
            assertThat(sender.protectRtp(buf)).isTrue();
            byte[] sent = ByteBufUtil.getBytes(buf);
            assertThat(sent).as("the tag appended").hasSize(RTP_BYTES + suite.rtpAuthTagBytes());
            assertThat(Arrays.copyOf(sent, 12)).as("the header stays clear").isEqualTo(Arrays.copyOf(plain, 12));
            assertThat(Arrays.copyOfRange(sent, 12, RTP_BYTES)).as("the payload encrypted")
                    .isNotEqualTo(Arrays.copyOfRange(plain, 12, RTP_BYTES));

            assertThat(receiver.unprotectRtp(buf)).isTrue();
            assertThat(buf.readableBytes()).isEqualTo(RTP_BYTES);
            assertThat(ByteBufUtil.getBytes(buf)).isEqualTo(plain);
        }
        assertThat(receiver.authFailures() + receiver.replays() + receiver.refused()).isZero();
        assertThat(sender.authFailures() + sender.replays() + sender.refused()).isZero();
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void theRolloverCounterFollowsTheSequenceNumberAcrossItsWrapAt65535_rfc3711_3_3_1(SrtpSuite suite) {
        SrtpKey key = SrtpKey.random(suite, RANDOM);
        SrtpStream sender = SrtpStream.encrypting(key);
        SrtpStream receiver = SrtpStream.decrypting(key);
        byte[] afterWrap = null;

        for (int i = 0; i < 100; i++) {
            int seq = (65486 + i) & 0xffff; // 65486..65535, then 0..49
            byte[] plain = rtp(seq, SSRC, i);
            ByteBuf buf = direct(plain);
            assertThat(sender.protectRtp(buf)).isTrue();
            if (seq == 10) {
                afterWrap = ByteBufUtil.getBytes(buf);
            }
            assertThat(receiver.unprotectRtp(buf)).as("packet %d (sequence number %d)", i, seq).isTrue();
            assertThat(ByteBufUtil.getBytes(buf)).isEqualTo(plain);
        }

        // The sender's counter did move to 1: a receiver starting after the wrap, at 0, cannot authenticate
        // (a late joiner needs the counter, RFC 3711 section 3.3.1). The known-answer test checks the value.
        assertThat(SrtpStream.decrypting(key).unprotectRtp(direct(afterWrap))).isFalse();
    }

    @Test
    void aFlippedBitFailsAuthenticationAndIsCounted_rfc3711_3_3() {
        SrtpKey key = SrtpKey.random(SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM);
        byte[] plain = rtp(7, SSRC, 1);
        byte[] sent = protectRtp(SrtpStream.encrypting(key), plain);
        SrtpStream receiver = SrtpStream.decrypting(key);

        for (int bit : new int[] {40 * 8 + 3, 3 * 8 /* the sequence number */, (sent.length - 1) * 8 /* the tag */}) {
            byte[] forged = sent.clone();
            forged[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(receiver.unprotectRtp(direct(forged))).as("bit %d flipped", bit).isFalse();
        }

        assertThat(receiver.authFailures()).isEqualTo(3);
        assertThat(receiver.replays()).isZero();
        ByteBuf genuine = direct(sent);
        assertThat(receiver.unprotectRtp(genuine)).as("the forgeries left no trace").isTrue();
        assertThat(ByteBufUtil.getBytes(genuine)).isEqualTo(plain);
    }

    @Test
    void theSamePacketTwiceIsAReplayAndSoIsOneOlderThanTheWindow_rfc3711_3_3_2() {
        SrtpKey key = SrtpKey.random(SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM);
        SrtpStream sender = SrtpStream.encrypting(key);
        SrtpStream receiver = SrtpStream.decrypting(key);
        List<byte[]> sent = new ArrayList<>();
        for (int seq = 1; seq <= 100; seq++) {
            sent.add(protectRtp(sender, rtp(seq, SSRC, seq)));
        }

        assertThat(receiver.unprotectRtp(direct(sent.get(29)))).isTrue();
        assertThat(receiver.unprotectRtp(direct(sent.get(29)))).as("the same packet again").isFalse();
        assertThat(receiver.unprotectRtp(direct(sent.get(19)))).as("late, but within the window").isTrue();
        assertThat(receiver.unprotectRtp(direct(sent.get(99)))).isTrue();
        assertThat(receiver.unprotectRtp(direct(sent.get(0)))).as("99 behind: older than the 64-packet window").isFalse();

        assertThat(receiver.replays()).isEqualTo(2);
        assertThat(receiver.authFailures()).isZero();
    }

    @Test
    void aPacketUnderAnotherKeyFailsAuthentication_rfc3711_3_3() {
        byte[] sent = protectRtp(SrtpStream.encrypting(SrtpKey.random(SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM)), rtp(1, SSRC, 1));
        SrtpStream receiver = SrtpStream.decrypting(SrtpKey.random(SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM));

        assertThat(receiver.unprotectRtp(direct(sent))).isFalse();
        assertThat(receiver.authFailures()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void anRtcpReceiverReportRoundTripsWithTheEFlagTheIndexAndAnEightyBitTag_rfc3711_3_4(SrtpSuite suite) {
        SrtpKey key = SrtpKey.random(suite, RANDOM);
        SrtpStream sender = SrtpStream.encrypting(key);
        SrtpStream receiver = SrtpStream.decrypting(key);
        byte[] report = receiverReport(SSRC, 0x55667788);
        byte[] first = null;

        for (int index = 0; index < 3; index++) {
            ByteBuf buf = direct(report);
            assertThat(sender.protectRtcp(buf)).isTrue();
            byte[] sent = ByteBufUtil.getBytes(buf);
            first = first == null ? sent : first;
            assertThat(sent).as("E flag and SRTCP index, then 80 bits of tag whatever the suite").hasSize(report.length + 4 + 10);
            assertThat(Arrays.copyOf(sent, 8)).as("header and sender SSRC clear").isEqualTo(Arrays.copyOf(report, 8));
            assertThat(Arrays.copyOfRange(sent, 8, report.length)).isNotEqualTo(Arrays.copyOfRange(report, 8, report.length));
            assertThat(buf.getInt(report.length)).as("E set, index %d", index).isEqualTo(0x8000_0000 | index);

            assertThat(receiver.unprotectRtcp(buf)).isTrue();
            assertThat(ByteBufUtil.getBytes(buf)).isEqualTo(report);
        }

        // The replay check comes first (RFC 3711 section 3.3, step 3), so a forgery is tried on a new index.
        assertThat(receiver.unprotectRtcp(direct(first))).as("a replayed SRTCP packet").isFalse();
        ByteBuf forged = direct(report);
        assertThat(sender.protectRtcp(forged)).isTrue();
        forged.setByte(12, forged.getByte(12) ^ 1);
        assertThat(receiver.unprotectRtcp(forged)).isFalse();
        assertThat(receiver.replays()).isEqualTo(1);
        assertThat(receiver.authFailures()).isEqualTo(1);
    }

    @Test
    void twoSsrcsInOneStreamEachHaveTheirOwnContext_rfc3711_3_2_3() {
        SrtpKey key = SrtpKey.random(SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM);
        SrtpStream sender = SrtpStream.encrypting(key);
        SrtpStream receiver = SrtpStream.decrypting(key);

        for (int i = 0; i < 20; i++) {
            // Far apart sequence numbers: one shared context would take the other SSRC's packets for replays.
            for (int[] source : new int[][] {{0x0a0a0a0a, 100 + i}, {0x0b0b0b0b, 40_000 + i}}) {
                byte[] plain = rtp(source[1], source[0], i);
                ByteBuf buf = direct(plain);
                assertThat(sender.protectRtp(buf)).isTrue();
                assertThat(receiver.unprotectRtp(buf)).as("SSRC %x packet %d", source[0], i).isTrue();
                assertThat(ByteBufUtil.getBytes(buf)).isEqualTo(plain);

                byte[] report = receiverReport(source[0], 0x01020304);
                ByteBuf rtcp = direct(report);
                assertThat(sender.protectRtcp(rtcp)).isTrue();
                assertThat(receiver.unprotectRtcp(rtcp)).isTrue();
                assertThat(ByteBufUtil.getBytes(rtcp)).isEqualTo(report);
            }
        }
        assertThat(receiver.authFailures() + receiver.replays() + receiver.refused()).isZero();
    }

    @Test
    void beyondEightSsrcsANewOneIsRefusedAndTheFirstEightStillWork() {
        SrtpKey key = SrtpKey.random(SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM);
        SrtpStream sender = SrtpStream.encrypting(key);
        SrtpStream receiver = SrtpStream.decrypting(key);
        SrtpStream receiverOfNinth = SrtpStream.decrypting(key);

        for (int ssrc = 1; ssrc <= SrtpStream.MAX_SSRCS; ssrc++) {
            ByteBuf buf = direct(rtp(1, ssrc, ssrc));
            assertThat(sender.protectRtp(buf)).isTrue();
            assertThat(receiverOfNinth.unprotectRtp(direct(ByteBufUtil.getBytes(buf)))).isTrue();
            assertThat(receiver.unprotectRtp(buf)).isTrue();
        }
        assertThat(sender.protectRtp(direct(rtp(1, 9, 9)))).isFalse();
        assertThat(sender.refused()).isEqualTo(1);
        byte[] ninth = protectRtp(SrtpStream.encrypting(key), rtp(1, 9, 9));
        assertThat(receiverOfNinth.unprotectRtp(direct(ninth))).isFalse();
        assertThat(receiverOfNinth.refused()).isEqualTo(1);

        ByteBuf again = direct(rtp(2, 1, 2));
        assertThat(sender.protectRtp(again)).isTrue();
        assertThat(receiver.unprotectRtp(again)).isTrue();
    }

    @Test
    void forgedPacketsOfNewSsrcsTakeNoPlaceFromGenuineOnes() {
        SrtpKey key = SrtpKey.random(SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM);
        SrtpStream receiver = SrtpStream.decrypting(key);

        for (int i = 0; i < 20; i++) {
            byte[] junk = new byte[RTP_BYTES + 10];
            RANDOM.nextBytes(junk);
            junk[0] = (byte) 0x80;
            assertThat(receiver.unprotectRtp(direct(junk))).isFalse();
        }
        assertThat(receiver.authFailures()).isEqualTo(20);

        SrtpStream sender = SrtpStream.encrypting(key);
        for (int ssrc = 1; ssrc <= SrtpStream.MAX_SSRCS; ssrc++) {
            assertThat(receiver.unprotectRtp(direct(protectRtp(sender, rtp(5, ssrc, ssrc))))).as("SSRC %d", ssrc).isTrue();
        }
        assertThat(receiver.refused()).isZero();
    }

    @Test
    void packetsTooShortOrTooLongAreRefused() {
        SrtpKey key = SrtpKey.random(SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM);
        SrtpStream sender = SrtpStream.encrypting(key);
        SrtpStream receiver = SrtpStream.decrypting(key);

        assertThat(receiver.unprotectRtp(direct(new byte[12 + 10 - 1]))).isFalse();
        assertThat(receiver.unprotectRtcp(direct(new byte[8 + 4 + 10 - 1]))).isFalse();
        assertThat(sender.protectRtp(direct(Arrays.copyOf(rtp(1, SSRC, 1), 11)))).isFalse();
        assertThat(sender.protectRtcp(direct(new byte[7]))).isFalse();
        byte[] fifteenCsrcs = rtp(1, SSRC, 1);
        fifteenCsrcs[0] = (byte) 0x8f;
        ByteBuf shortOfCsrcs = direct(Arrays.copyOf(fifteenCsrcs, 40));
        assertThat(sender.protectRtp(shortOfCsrcs)).as("15 CSRCs announced, 7 there").isFalse();
        assertThat(ByteBufUtil.getBytes(shortOfCsrcs)).as("left as it was").isEqualTo(Arrays.copyOf(fifteenCsrcs, 40));
        byte[] jumbo = Arrays.copyOf(rtp(1, SSRC, 1), SrtpStream.SCRATCH_BYTES - 9);
        assertThat(sender.protectRtp(direct(jumbo))).as("no room for the tag in the scratch array").isFalse();

        assertThat(receiver.refused()).isEqualTo(2);
        assertThat(sender.refused()).isEqualTo(4);
        assertThat(receiver.authFailures() + sender.authFailures()).isZero();
    }

    @Test
    void aBufferIsGrownOnlyWhenItLacksRoomForTheTagASliceCannotBeAndThePacketMayStartPastIndexZero() {
        SrtpKey key = SrtpKey.random(SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM);
        SrtpStream sender = SrtpStream.encrypting(key);
        SrtpStream receiver = SrtpStream.decrypting(key);

        ByteBuf roomy = direct(rtp(1, SSRC, 1));
        long address = roomy.hasMemoryAddress() ? roomy.memoryAddress() : 0;
        assertThat(sender.protectRtp(roomy)).isTrue();
        assertThat(roomy.capacity()).as("not reallocated").isEqualTo(2048);
        assertThat(roomy.hasMemoryAddress() ? roomy.memoryAddress() : 0).isEqualTo(address);
        assertThat(receiver.unprotectRtp(roomy)).isTrue();

        ByteBuf exact = track(Unpooled.buffer(RTP_BYTES).writeBytes(rtp(2, SSRC, 2)));
        assertThat(sender.protectRtp(exact)).isTrue();
        assertThat(exact.capacity()).as("grown for the tag").isGreaterThanOrEqualTo(RTP_BYTES + 10);
        assertThat(receiver.unprotectRtp(exact)).isTrue();
        assertThat(ByteBufUtil.getBytes(exact)).isEqualTo(rtp(2, SSRC, 2));

        ByteBuf bounded = track(Unpooled.buffer(RTP_BYTES, RTP_BYTES).writeBytes(rtp(3, SSRC, 3)));
        assertThat(sender.protectRtp(bounded)).as("cannot grow").isFalse();
        assertThat(ByteBufUtil.getBytes(bounded)).isEqualTo(rtp(3, SSRC, 3));
        // Netty's epoll datagram reads give slices like this one: the packet must be copied to be protected.
        ByteBuf slice = track(direct(rtp(3, SSRC, 3)).retainedSlice(0, RTP_BYTES));
        assertThat(slice.maxWritableBytes()).isZero();
        assertThat(sender.protectRtp(slice)).isFalse();
        ByteBuf copy = track(PooledByteBufAllocator.DEFAULT.directBuffer(RTP_BYTES + SrtpStream.MAX_OVERHEAD_BYTES).writeBytes(slice));
        assertThat(sender.protectRtp(copy)).isTrue();
        assertThat(copy.capacity()).isEqualTo(RTP_BYTES + SrtpStream.MAX_OVERHEAD_BYTES);
        assertThat(receiver.unprotectRtp(copy)).isTrue();
        assertThat(ByteBufUtil.getBytes(copy)).isEqualTo(rtp(3, SSRC, 3));
        assertThat(sender.refused()).isEqualTo(2);

        ByteBuf offset = track(PooledByteBufAllocator.DEFAULT.directBuffer(2048).writeBytes(new byte[] {9, 9, 9, 9, 9}));
        offset.readerIndex(5);
        offset.writeBytes(rtp(4, SSRC, 4));
        assertThat(sender.protectRtp(offset)).isTrue();
        assertThat(receiver.unprotectRtp(offset)).isTrue();
        assertThat(offset.readerIndex()).isEqualTo(5);
        assertThat(ByteBufUtil.getBytes(offset)).isEqualTo(rtp(4, SSRC, 4));
        assertThat(ByteBufUtil.getBytes(offset, 0, 5)).containsOnly(9);
    }

    @Test
    void aStreamWorksOneWayOnly() {
        SrtpKey key = SrtpKey.random(SrtpSuite.AES_CM_128_HMAC_SHA1_80, RANDOM);

        assertThatThrownBy(() -> SrtpStream.encrypting(key).unprotectRtp(direct(rtp(1, SSRC, 1)))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SrtpStream.encrypting(key).unprotectRtcp(direct(receiverReport(SSRC, 1)))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SrtpStream.decrypting(key).protectRtp(direct(rtp(1, SSRC, 1)))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SrtpStream.decrypting(key).protectRtcp(direct(receiverReport(SSRC, 1)))).isInstanceOf(IllegalStateException.class);
        assertThat(SrtpStream.encrypting(key)).hasToString("SrtpStream[encrypting AES_CM_128_HMAC_SHA1_80]");
    }

    // --- Known answers, RFC 3711 Appendix B ---

    /** RFC 3711 Appendix B.3. */
    private static final byte[] B3_MASTER_KEY = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static final byte[] B3_MASTER_SALT = hex("0EC675AD498AFEEBB6960B3AABE6");

    @Test
    void theReferenceGivesTheAesCmKeystreamOfAppendixB2_rfc3711_B_2() throws Exception {
        byte[] keystream = Rfc3711.keystream(hex("2B7E151628AED2A6ABF7158809CF4F3C"), hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), 48);

        assertThat(keystream).isEqualTo(hex("E03EAD0935C95E80E166B16DD92B4EB4"
                + "D23513162B02D0F72A43A2FE4A5F97AB" + "41E95B3BB0A2E8DD477901E4FCA894C0"));
    }

    @Test
    void theReferenceDerivesTheSessionKeysOfAppendixB3_rfc3711_B_3() throws Exception {
        assertThat(Rfc3711.derive(B3_MASTER_KEY, B3_MASTER_SALT, Rfc3711.RTP_ENCRYPTION, 16)).isEqualTo(hex("C61E7A93744F39EE10734AFE3FF7A087"));
        assertThat(Rfc3711.derive(B3_MASTER_KEY, B3_MASTER_SALT, Rfc3711.RTP_SALT, 14)).isEqualTo(hex("30CBBC08863D8C85D49DB34A9AE1"));
        assertThat(Rfc3711.derive(B3_MASTER_KEY, B3_MASTER_SALT, Rfc3711.RTP_AUTH, 20)).isEqualTo(hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"));
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void srtpUnderTheAppendixB3MasterKeyIsTheReferencesByteForByteAcrossARollover_rfc3711_B_3(SrtpSuite suite) throws Exception {
        SrtpKey key = new SrtpKey(suite, B3_MASTER_KEY, B3_MASTER_SALT);
        SrtpStream sender = SrtpStream.encrypting(key);
        SrtpStream receiver = SrtpStream.decrypting(key);
        int ssrc = 0xcafebabe;
        int[][] packets = {{65534, 0}, {65535, 0}, {0, 1}, {1, 1}}; // sequence number, rollover counter

        for (int[] p : packets) {
            byte[] plain = rtp(p[0], ssrc, p[0]);
            byte[] expected = Rfc3711.protectRtp(B3_MASTER_KEY, B3_MASTER_SALT, p[1], plain, suite.rtpAuthTagBytes());
            assertThat(protectRtp(sender, plain)).as("sequence number %d, rollover counter %d", p[0], p[1]).isEqualTo(expected);
            ByteBuf buf = direct(expected);
            assertThat(receiver.unprotectRtp(buf)).isTrue();
            assertThat(ByteBufUtil.getBytes(buf)).isEqualTo(plain);
        }
    }

    @Test
    void srtcpUnderTheAppendixB3MasterKeyIsTheReferencesByteForByte_rfc3711_B_3() throws Exception {
        SrtpKey key = new SrtpKey(SrtpSuite.AES_CM_128_HMAC_SHA1_32, B3_MASTER_KEY, B3_MASTER_SALT);
        SrtpStream sender = SrtpStream.encrypting(key);
        SrtpStream receiver = SrtpStream.decrypting(key);
        byte[] report = receiverReport(0xcafebabe, 0x01020304);

        for (int index = 0; index < 2; index++) {
            byte[] expected = Rfc3711.protectRtcp(B3_MASTER_KEY, B3_MASTER_SALT, index, report);
            ByteBuf buf = direct(report);
            assertThat(sender.protectRtcp(buf)).isTrue();
            assertThat(ByteBufUtil.getBytes(buf)).as("SRTCP index %d", index).isEqualTo(expected);
            assertThat(receiver.unprotectRtcp(buf)).isTrue();
            assertThat(ByteBufUtil.getBytes(buf)).isEqualTo(report);
        }
    }

    /**
     * The transforms of RFC 3711 for AES-CM and HMAC-SHA1 with key derivation rate 0, written from the
     * RFC on the JDK's AES and HMAC-SHA1, slowly and plainly: the reference for the known answers.
     */
    private static final class Rfc3711 {
        /** Key derivation labels (section 4.3.1 and 4.3.2). */
        static final int RTP_ENCRYPTION = 0;
        static final int RTP_AUTH = 1;
        static final int RTP_SALT = 2;
        static final int RTCP_ENCRYPTION = 3;
        static final int RTCP_AUTH = 4;
        static final int RTCP_SALT = 5;

        /** Section 4.1.1: block j of the keystream is AES(key, IV + j). */
        static byte[] keystream(byte[] key, byte[] iv, int length) throws GeneralSecurityException {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            byte[] counter = iv.clone();
            byte[] out = new byte[length];
            for (int at = 0; at < length; at += 16) {
                byte[] block = aes.doFinal(counter);
                System.arraycopy(block, 0, out, at, Math.min(16, length - at));
                increment(counter);
            }
            return out;
        }

        private static void increment(byte[] counter) {
            for (int i = counter.length - 1; i >= 0; i--) {
                if (++counter[i] != 0) {
                    return;
                }
            }
        }

        /** Section 4.3.1: the AES-CM keystream under the master key from IV = (master salt XOR label * 2^48) * 2^16. */
        static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) throws GeneralSecurityException {
            byte[] iv = new byte[16];
            System.arraycopy(masterSalt, 0, iv, 0, 14);
            iv[7] ^= (byte) label;
            return keystream(masterKey, iv, length);
        }

        /** Section 4.1.1: IV = (session salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16). */
        static byte[] iv(byte[] sessionSalt, int ssrc, long index) {
            byte[] iv = new byte[16];
            System.arraycopy(sessionSalt, 0, iv, 0, 14);
            for (int i = 0; i < 4; i++) {
                iv[4 + i] ^= (byte) (ssrc >>> (24 - 8 * i));
            }
            for (int i = 0; i < 6; i++) {
                iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
            }
            return iv;
        }

        /** Sections 3.1, 4.1.1 and 4.2: the payload after the 12-byte header encrypted, then HMAC-SHA1 over packet and ROC. */
        static byte[] protectRtp(byte[] masterKey, byte[] masterSalt, int roc, byte[] packet, int tagBytes) throws GeneralSecurityException {
            int ssrc = ByteBuffer.wrap(packet).getInt(8);
            int seq = ByteBuffer.wrap(packet).getShort(2) & 0xffff;
            byte[] iv = iv(derive(masterKey, masterSalt, RTP_SALT, 14), ssrc, ((long) roc << 16) | seq);
            byte[] keystream = keystream(derive(masterKey, masterSalt, RTP_ENCRYPTION, 16), iv, packet.length - 12);
            byte[] out = Arrays.copyOf(packet, packet.length + tagBytes);
            for (int i = 0; i < keystream.length; i++) {
                out[12 + i] ^= keystream[i];
            }
            byte[] tag = hmacSha1(derive(masterKey, masterSalt, RTP_AUTH, 20), Arrays.copyOf(out, packet.length), int32(roc));
            System.arraycopy(tag, 0, out, packet.length, tagBytes);
            return out;
        }

        /** Section 3.4: all but the first 8 bytes encrypted, then E flag and index, then 80 bits of HMAC-SHA1 over all that. */
        static byte[] protectRtcp(byte[] masterKey, byte[] masterSalt, int index, byte[] packet) throws GeneralSecurityException {
            int ssrc = ByteBuffer.wrap(packet).getInt(4);
            byte[] iv = iv(derive(masterKey, masterSalt, RTCP_SALT, 14), ssrc, index);
            byte[] keystream = keystream(derive(masterKey, masterSalt, RTCP_ENCRYPTION, 16), iv, packet.length - 8);
            byte[] out = Arrays.copyOf(packet, packet.length + 4 + 10);
            for (int i = 0; i < keystream.length; i++) {
                out[8 + i] ^= keystream[i];
            }
            System.arraycopy(int32(0x8000_0000 | index), 0, out, packet.length, 4);
            byte[] tag = hmacSha1(derive(masterKey, masterSalt, RTCP_AUTH, 20), Arrays.copyOf(out, packet.length + 4), new byte[0]);
            System.arraycopy(tag, 0, out, packet.length + 4, 10);
            return out;
        }

        private static byte[] hmacSha1(byte[] key, byte[] data, byte[] more) throws GeneralSecurityException {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(data);
            mac.update(more);
            return mac.doFinal();
        }

        private static byte[] int32(int v) {
            return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }
    }

    // --- Packets ---

    /** An RTP packet: V=2, PCMU, the sequence number, timestamp, SSRC, then 160 bytes of payload. */
    private static byte[] rtp(int seq, int ssrc, int seed) {
        ByteBuffer b = ByteBuffer.allocate(RTP_BYTES);
        b.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt(seq * 160).putInt(ssrc);
        for (int i = 0; i < 160; i++) {
            b.put((byte) (seed * 31 + i * 7));
        }
        return b.array();
    }

    /** A receiver report with one report block (RFC 3550 section 6.4.2): 32 bytes. */
    private static byte[] receiverReport(int ssrc, int reportee) {
        ByteBuffer b = ByteBuffer.allocate(32);
        b.put((byte) 0x81).put((byte) 201).putShort((short) 7).putInt(ssrc);
        b.putInt(reportee).putInt(0x0200_0003).putInt(0x0001_0010).putInt(42).putInt(0x1234_5678).putInt(0x0000_8000);
        return b.array();
    }

    private byte[] protectRtp(SrtpStream sender, byte[] plain) {
        ByteBuf buf = direct(plain);
        assertThat(sender.protectRtp(buf)).isTrue();
        return ByteBufUtil.getBytes(buf);
    }

    /** In a pooled direct buffer of 2048 bytes, as an epoll datagram read gives it. */
    private ByteBuf direct(byte[] packet) {
        return track(PooledByteBufAllocator.DEFAULT.directBuffer(2048).writeBytes(packet));
    }

    private ByteBuf track(ByteBuf buf) {
        buffers.add(buf);
        return buf;
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
