package io.switchboard.common.dtmf;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelephoneEventReceiverTest {
    private final List<String> heard = new ArrayList<>();
    private final TelephoneEventReceiver receiver = new TelephoneEventReceiver((d, s) -> heard.add(d + ":" + s));

    private void packet(long ts, int event, boolean end, int duration) {
        ByteBuf b = Unpooled.buffer(4);
        TelephoneEvent.write(b, event, end, 10, duration);
        receiver.receive(b, 0, 4, ts);
        b.release();
    }

    @Test
    void payloadFieldsAreReadInPlace_rfc4733_2_3() {
        ByteBuf b = Unpooled.wrappedBuffer(new byte[] {11, (byte) 0x8a, 0x03, 0x20});
        assertThat(TelephoneEvent.event(b, 0)).isEqualTo(11);
        assertThat(TelephoneEvent.end(b, 0)).isTrue();
        assertThat(TelephoneEvent.volume(b, 0)).isEqualTo(10);
        assertThat(TelephoneEvent.duration(b, 0)).isEqualTo(800);
        assertThat(DtmfDigit.ofEvent(11)).isEqualTo('#');
    }

    @Test
    void startUpdatesAndThreeEndPacketsAreOneDigit_rfc4733_2_5_1() {
        long ts = 123456;
        packet(ts, 5, false, 160);
        packet(ts, 5, false, 320);
        packet(ts, 5, false, 320); // network duplicate
        packet(ts, 5, false, 480);
        packet(ts, 5, true, 640);
        packet(ts, 5, true, 640);
        packet(ts, 5, true, 640);
        assertThat(heard).containsExactly("5:RFC4733");
    }

    @Test
    void lostStartIsReportedFromTheEndPacket_rfc4733_2_5_1_4() {
        packet(1000, 9, true, 800);
        packet(1000, 9, true, 800);
        assertThat(heard).containsExactly("9:RFC4733");
    }

    @Test
    void samePressedTwiceHasTwoTimestampsAndIsTwoDigits_rfc4733_2_3_1() {
        for (long ts : new long[] {8000, 9600}) {
            packet(ts, 1, false, 160);
            packet(ts, 1, true, 800);
            packet(ts, 1, true, 800);
            packet(ts, 1, true, 800);
        }
        assertThat(heard).containsExactly("1:RFC4733", "1:RFC4733");
    }

    @Test
    void lateEndRepeatOfAnEarlierDigitIsNotReportedAgain_rfc4733_2_5_1_4() {
        packet(100, 1, true, 800);
        packet(2000, 2, false, 160);
        packet(100, 1, true, 800); // reordered repeat of the first event
        packet(2000, 2, true, 800);
        assertThat(heard).containsExactly("1:RFC4733", "2:RFC4733");
    }

    @Test
    void packedEventsAreEachReportedOnceAcrossRedundantPackets_rfc4733_2_5_1_5() {
        // The first packet carries event 4 (ended) and then event 7 starting where 4 ended.
        ByteBuf b = Unpooled.buffer(8);
        TelephoneEvent.write(b, 4, true, 10, 800);
        TelephoneEvent.write(b, 7, false, 10, 160);
        receiver.receive(b, 0, 8, 5000);
        receiver.receive(b, 0, 8, 5000); // sent again as redundancy
        b.release();
        packet(5800, 7, true, 800);
        assertThat(heard).containsExactly("4:RFC4733", "7:RFC4733");
    }

    @Test
    void longEventContinuingUnderANewTimestampIsOneDigit_rfc4733_2_5_2_3() {
        packet(0, 0, false, 0xffff);
        packet(0xffff, 0, false, 1000);
        packet(0xffff, 0, true, 2000);
        assertThat(heard).containsExactly("0:RFC4733");
    }

    @Test
    void truncatedPayloadIsCountedNotReported_rfc4733_2_3() {
        ByteBuf b = Unpooled.wrappedBuffer(new byte[] {5, 0, 1});
        receiver.receive(b, 0, 3, 1);
        assertThat(heard).isEmpty();
        assertThat(receiver.malformed).isEqualTo(1);
    }

    @Test
    void nonDtmfEventsAreIgnored_rfc4733_3_2() {
        packet(42, 16, true, 800); // flash
        assertThat(heard).isEmpty();
    }
}
