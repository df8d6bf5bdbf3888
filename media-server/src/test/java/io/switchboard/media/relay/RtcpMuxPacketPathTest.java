package io.switchboard.media.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.switchboard.media.relay.RelayLeg.MuxOffer;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packet path of a call whose caller uses rtcp-mux and whose callee does not, on Netty's
 * EmbeddedChannel: the muxed leg has no RTCP channel at all (RFC 5761).
 */
class RtcpMuxPacketPathTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 20000);
    private static final InetSocketAddress CALLER = new InetSocketAddress("192.0.2.10", 7078);
    private static final InetSocketAddress CALLEE_RTP = new InetSocketAddress("192.0.2.20", 9000);
    private static final InetSocketAddress CALLEE_RTCP = new InetSocketAddress("192.0.2.20", 9001);

    private final RelayLeg caller = new RelayLeg(0, 20000);
    private final RelayLeg callee = new RelayLeg(1, 20002);

    RtcpMuxPacketPathTest() {
        caller.peer = callee;
        callee.peer = caller;
        caller.rtp = new EmbeddedChannel(new LegHandler(caller, false));
        callee.rtp = new EmbeddedChannel(new LegHandler(callee, false));
        callee.rtcp = new EmbeddedChannel(new LegHandler(callee, true));
        caller.setMuxOffer(MuxOffer.OFFERED);
        caller.setRemote(CALLER, new InetSocketAddress(CALLER.getAddress(), CALLER.getPort() + 1), true);
        callee.setRemote(CALLEE_RTP, CALLEE_RTCP, false);
    }

    @AfterEach
    void close() {
        for (var ch : new io.netty.channel.Channel[] {caller.rtp, callee.rtp, callee.rtcp}) {
            ((EmbeddedChannel) ch).finishAndReleaseAll();
        }
    }

    private static ByteBuf rtcp() {
        return Unpooled.buffer(8).writeByte(0x80).writeByte(201).writeShort(1).writeInt(42);
    }

    private static ByteBuf rtp(int pt) {
        ByteBuf b = Unpooled.buffer(172).writeByte(0x80).writeByte(pt).writeShort(7).writeInt(160).writeInt(42);
        return b.writeZero(160);
    }

    private static EmbeddedChannel ch(io.netty.channel.Channel c) {
        return (EmbeddedChannel) c;
    }

    @Test
    void rtcpOnTheMuxedLegsRtpPortGoesOutOfTheOtherLegsRtcpPort_rfc5761_4() {
        ch(caller.rtp).writeInbound(new DatagramPacket(rtcp(), LOCAL, CALLER));
        DatagramPacket out = ch(callee.rtcp).readOutbound();
        assertThat(out).as("to the callee's RTCP address from its SDP, before it latched").isNotNull();
        assertThat(out.recipient()).isEqualTo(CALLEE_RTCP);
        assertThat(out.content().getUnsignedByte(1)).isEqualTo((short) 201);
        out.release();
        assertThat((Object) ch(callee.rtp).readOutbound()).as("nothing on the callee's RTP port").isNull();
        assertThat(caller.stats().rtcpPackets()).isEqualTo(1);
        assertThat(caller.stats().rtpPackets()).isZero();
    }

    @Test
    void rtcpFromTheOtherLegsRtcpPortGoesOutOfTheMuxedLegsRtpPort_rfc5761_4() {
        // The caller's first packet latches (and connects) its RTP port.
        ch(caller.rtp).writeInbound(new DatagramPacket(rtp(0), LOCAL, CALLER));
        DatagramPacket media = ch(callee.rtp).readOutbound();
        media.release();
        ch(callee.rtcp).writeInbound(new DatagramPacket(rtcp(), LOCAL, CALLEE_RTCP));
        ByteBuf out = ch(caller.rtp).readOutbound();
        assertThat(out).as("written on the connected RTP channel").isNotNull();
        assertThat(out.getUnsignedByte(1)).isEqualTo((short) 201);
        out.release();
        assertThat(callee.stats().rtcpPackets()).isEqualTo(1);
    }

    @Test
    void withoutMuxRtcpLookingPacketsOnTheRtpPortAreRtpAndRtcpToAPendingLegIsDropped() {
        RelayLeg pending = new RelayLeg(1, 20004);
        pending.rtp = new EmbeddedChannel(new LegHandler(pending, false));
        RelayLeg plain = new RelayLeg(0, 20006);
        plain.rtp = new EmbeddedChannel(new LegHandler(plain, false));
        plain.rtcp = new EmbeddedChannel(new LegHandler(plain, true));
        plain.peer = pending;
        pending.peer = plain;
        plain.setRemote(CALLER, null, false);
        pending.setMuxOffer(MuxOffer.OFFERED);
        try {
            ch(plain.rtcp).writeInbound(new DatagramPacket(rtcp(), LOCAL, CALLER));
            assertThat(plain.stats().rtcpPackets()).isEqualTo(1);
            assertThat(plain.stats().drops()).as("the pending leg has no RTCP socket and no answer yet").isEqualTo(1);
            assertThat((Object) ch(pending.rtp).readOutbound()).isNull();

            ch(pending.rtp).writeInbound(new DatagramPacket(rtcp(), LOCAL, CALLEE_RTP));
            assertThat(pending.stats().rtcpPackets()).as("offered mux: told apart by packet type").isEqualTo(1);
            ByteBuf out = ch(plain.rtcp).readOutbound();
            assertThat(out).as("out of the RTCP port that latched the other endpoint").isNotNull();
            assertThat(out.getUnsignedByte(1)).isEqualTo((short) 201);
            out.release();

            ch(plain.rtp).writeInbound(new DatagramPacket(rtcp(), LOCAL, CALLER));
            assertThat(plain.stats().rtpPackets()).as("a leg without mux does not look").isEqualTo(1);
        } finally {
            for (var c : new io.netty.channel.Channel[] {pending.rtp, plain.rtp, plain.rtcp}) {
                ch(c).finishAndReleaseAll();
            }
        }
    }

    @Test
    void aHandOverResetsTheLatchesOfALegThatNeverOpenedItsRtcpPort() {
        ch(caller.rtp).writeInbound(new DatagramPacket(rtp(0), LOCAL, CALLER));
        ((DatagramPacket) ch(callee.rtp).readOutbound()).release();
        assertThat(caller.latchedRtp()).isEqualTo(CALLER);
        assertThat(caller.latchedRtcp()).as("muxed: RTCP comes from the RTP latch").isEqualTo(CALLER);
        caller.handOver("target");
        ch(caller.rtp).runPendingTasks();
        assertThat(caller.latchedRtp()).isNull();
        assertThat(caller.hasRtcpSocket()).isFalse();
    }
}
