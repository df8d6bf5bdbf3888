package io.switchboard.common.dtmf;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelephoneEventSenderTest {
    record Sent(boolean marker, long ts, int event, boolean end, int duration) {
    }

    @Test
    void digitIsStartWithMarkerThenUpdatesThenThreeEndsWithOneTimestamp_rfc4733_2_5_1() {
        TelephoneEventSender sender = new TelephoneEventSender(160);
        sender.configure(100, 10);
        assertThat(sender.enqueue('#')).isTrue();
        List<Sent> sent = new ArrayList<>();
        long ts = 16000;
        while (sender.active()) {
            ByteBuf b = Unpooled.buffer(4);
            boolean marker = sender.next(b, ts);
            sent.add(new Sent(marker, sender.eventTimestamp(), TelephoneEvent.event(b, 0), TelephoneEvent.end(b, 0),
                    TelephoneEvent.duration(b, 0)));
            ts += 160;
        }
        assertThat(sent).hasSize(5 + 3);
        assertThat(sent).allMatch(s -> s.ts() == 16000 && s.event() == 11);
        assertThat(sent.get(0).marker()).isTrue();
        assertThat(sent.subList(1, sent.size())).noneMatch(Sent::marker);
        assertThat(sent.subList(0, 5)).extracting(Sent::duration).containsExactly(160, 320, 480, 640, 800);
        assertThat(sent.subList(0, 5)).noneMatch(Sent::end);
        assertThat(sent.subList(5, 8)).allMatch(s -> s.end() && s.duration() == 800);
    }

    @Test
    void queuedDigitsArePausedApartAndNonDigitsRefused_rfc4733_2_5_1() {
        TelephoneEventSender sender = new TelephoneEventSender(160);
        assertThat(sender.enqueue('x')).isFalse();
        sender.enqueue('1');
        sender.enqueue('2');
        int ticks = 0;
        int idle = 0;
        List<Long> starts = new ArrayList<>();
        for (long ts = 0; ticks < 40; ts += 160, ticks++) {
            if (sender.active()) {
                ByteBuf b = Unpooled.buffer(4);
                if (sender.next(b, ts)) {
                    starts.add(ts);
                }
            } else {
                sender.idleTick();
                idle++;
            }
        }
        assertThat(starts).hasSize(2);
        assertThat(starts.get(1) - starts.get(0)).isEqualTo((5 + 3 + 3) * 160L);
    }
}
