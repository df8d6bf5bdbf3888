package io.switchboard.common.conference;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.switchboard.common.codec.Codec;
import io.switchboard.common.codec.Pcma;
import io.switchboard.common.codec.Pcmu;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mixer as the media clock drives it, without sockets: each tick every seat gets its received
 * frame, then every seat is asked for the frame it hears. Each participant "speaks" a tone of its own
 * frequency; what a seat hears is decoded and measured per frequency with Goertzel.
 */
class ConferenceTest {
    private static final int AMPLITUDE = 4000;

    private final Map<Seat, Integer> tones = new HashMap<>();
    private final Map<Seat, Integer> amplitudes = new HashMap<>();
    private final Map<Seat, Codec> codecs = new HashMap<>();
    private long sample;

    @Test
    void everyParticipantHearsTheOthersButNeverItself() {
        Conference room = new Conference(3);
        Seat a = speaker(room, "a", 400);
        Seat b = speaker(room, "b", 700);
        Seat c = speaker(room, "c", 1100);

        Map<Seat, short[]> heard = ticks(room, 10);

        assertThat(hears(heard.get(a), 700)).isTrue();
        assertThat(hears(heard.get(a), 1100)).isTrue();
        assertThat(hears(heard.get(a), 400)).as("a hears itself").isFalse();
        assertThat(hears(heard.get(b), 400)).isTrue();
        assertThat(hears(heard.get(b), 700)).as("b hears itself").isFalse();
        assertThat(hears(heard.get(c), 1100)).as("c hears itself").isFalse();
        assertThat(List.of(a, b, c)).allMatch(Seat::talking);
    }

    @Test
    void withFiveTalkersAndThreeMixedOnlyTheThreeLoudestAreHeard() {
        Conference room = new Conference(3);
        Seat quiet1 = speaker(room, "q1", 500, 600);
        Seat loud1 = speaker(room, "l1", 700, 6000);
        Seat quiet2 = speaker(room, "q2", 900, 500);
        Seat loud2 = speaker(room, "l2", 1300, 5000);
        Seat loud3 = speaker(room, "l3", 1700, 4000);
        Seat listener = room.add("listener");
        codecs.put(listener, Pcmu.INSTANCE);

        Map<Seat, short[]> heard = ticks(room, 10);

        short[] l = heard.get(listener);
        assertThat(hears(l, 700) && hears(l, 1300) && hears(l, 1700)).isTrue();
        assertThat(hears(l, 500) || hears(l, 900)).as("a quiet talker is mixed").isFalse();
        assertThat(quiet1.talking() || quiet2.talking()).isFalse();
        assertThat(loud1.talking() && loud2.talking() && loud3.talking()).isTrue();
    }

    @Test
    void aMutedParticipantIsHeardByNobodyAndStillHearsTheRoom() {
        Conference room = new Conference(3);
        Seat a = speaker(room, "a", 400);
        Seat b = speaker(room, "b", 700);
        Seat c = room.add("c");
        codecs.put(c, Pcmu.INSTANCE);
        a.mute(true);

        Map<Seat, short[]> heard = ticks(room, 10);

        assertThat(hears(heard.get(c), 400)).isFalse();
        assertThat(hears(heard.get(c), 700)).isTrue();
        assertThat(hears(heard.get(a), 700)).as("muted a still hears b").isTrue();
        assertThat(a.talking()).isFalse();
    }

    @Test
    void listenersOfOneStatelessCodecCostOneEncodePerTickWhateverTheirNumber() {
        Conference room = new Conference(3);
        speaker(room, "a", 400);
        speaker(room, "b", 700);
        for (int i = 0; i < 200; i++) {
            codecs.put(room.add("pcmu-" + i), Pcmu.INSTANCE);
        }
        for (int i = 0; i < 100; i++) {
            codecs.put(room.add("pcma-" + i), Pcma.INSTANCE);
        }

        ticks(room, 10);

        // Per tick: one PCMU and one PCMA encode for 300 listeners, one mix-minus per talker (both PCMU).
        assertThat(room.encodes).isEqualTo(10 * (2 + 2));
        assertThat(room.mixes).isEqualTo(10);
    }

    @Test
    void theOnlyTalkerHearsSilenceAndAListenerHearsIt() {
        Conference room = new Conference(3);
        Seat a = speaker(room, "a", 400);
        Seat b = room.add("b");
        codecs.put(b, Pcmu.INSTANCE);

        Map<Seat, short[]> heard = ticks(room, 5);

        assertThat(energy(heard.get(a))).isZero();
        assertThat(hears(heard.get(b), 400)).isTrue();
    }

    @Test
    void aTalkerWhoStopsIsDroppedAfterTheHangoverAndARemovedSeatIsNeverMixed() {
        Conference room = new Conference(3);
        Seat a = speaker(room, "a", 400);
        Seat b = room.add("b");
        codecs.put(b, Pcmu.INSTANCE);
        ticks(room, 5);
        amplitudes.put(a, 0);

        ticks(room, Seat.HANGOVER_FRAMES + 2);
        assertThat(a.talking()).isFalse();

        amplitudes.put(a, AMPLITUDE);
        ticks(room, 3);
        assertThat(a.talking()).isTrue();
        room.remove(a);
        tones.remove(a);
        Map<Seat, short[]> heard = ticks(room, 3);
        assertThat(energy(heard.get(b))).isZero();
        assertThat(room.size()).isEqualTo(1);
    }

    @Test
    void twoEqualVoicesDoNotTakeTheLastPlaceInTurnsEveryFrame() {
        Conference room = new Conference(1);
        Seat a = speaker(room, "a", 400, 3000);
        ticks(room, 5);
        Seat b = speaker(room, "b", 700, 3300); // 10 % louder: within the 3 dB a talker is favoured by
        ticks(room, 20);

        assertThat(a.talking()).isTrue();
        assertThat(b.talking()).isFalse();
    }

    // ---- wideband ----

    @Test
    void aWidebandListenerHearsAWidebandTalkersHighToneThatANarrowbandListenerCannotAndBothHearTheNarrowbandTalker() {
        Conference room = new Conference(3);
        Codec wideCodec = new L16Wide();
        Seat wideTalker = room.add("wide-talker");
        Seat narrowTalker = room.add("narrow-talker");
        Seat wideListener = room.add("wide-listener");
        Seat narrowListener = room.add("narrow-listener");
        short[] w = new short[Conference.WIDE];
        short[] n = new short[Conference.FRAME];
        short[] silentWide = new short[Conference.WIDE];
        short[] silentNarrow = new short[Conference.FRAME];
        short[] heardWide = new short[0];
        short[] heardNarrow = new short[0];
        short[] heardByWideTalker = new short[0];
        for (int t = 0; t < 20; t++) {
            for (int i = 0; i < Conference.WIDE; i++) {
                long k = (long) t * Conference.WIDE + i;
                w[i] = (short) (3000 * Math.sin(2 * Math.PI * 600 * k / 16000.0) + 3000 * Math.sin(2 * Math.PI * 5000 * k / 16000.0));
            }
            for (int i = 0; i < Conference.FRAME; i++) {
                long k = (long) t * Conference.FRAME + i;
                n[i] = (short) (4000 * Math.sin(2 * Math.PI * 1000 * k / 8000.0));
            }
            wideTalker.frame(w, Conference.WIDE);
            narrowTalker.frame(n, Conference.FRAME);
            wideListener.frame(silentWide, Conference.WIDE);
            narrowListener.frame(silentNarrow, Conference.FRAME);
            short[] a = heard(wideListener, wideCodec, Conference.WIDE);
            short[] b = heard(narrowListener, Pcmu.INSTANCE, Conference.FRAME);
            short[] c = heard(wideTalker, wideCodec, Conference.WIDE);
            heard(narrowTalker, Pcmu.INSTANCE, Conference.FRAME);
            if (t >= 10) {
                heardWide = concat(heardWide, a);
                heardNarrow = concat(heardNarrow, b);
                heardByWideTalker = concat(heardByWideTalker, c);
            }
        }
        assertThat(hearsAt(heardWide, 5000, 16000)).as("wide listener: 5 kHz").isTrue();
        assertThat(hearsAt(heardWide, 600, 16000) && hearsAt(heardWide, 1000, 16000)).as("wide listener: both voices").isTrue();
        assertThat(hearsAt(heardNarrow, 600, 8000) && hearsAt(heardNarrow, 1000, 8000)).as("narrow listener: both voices").isTrue();
        assertThat(hearsAt(heardByWideTalker, 1000, 16000)).isTrue();
        assertThat(hearsAt(heardByWideTalker, 600, 16000) || hearsAt(heardByWideTalker, 5000, 16000))
                .as("the wideband talker hears itself").isFalse();
    }

    private static short[] heard(Seat seat, Codec codec, int samples) {
        ByteBuf out = Unpooled.buffer(2048);
        short[] pcm = new short[samples];
        if (seat.next(codec, samples, out)) {
            byte[] payload = new byte[out.readableBytes()];
            out.readBytes(payload);
            codec.decode(payload, 0, payload.length, pcm, 0);
        }
        return pcm;
    }

    private static boolean hearsAt(short[] pcm, int hz, int rate) {
        double total = energy(pcm);
        double coeff = 2 * Math.cos(2 * Math.PI * hz / (double) rate);
        double s1 = 0;
        double s2 = 0;
        for (short v : pcm) {
            double s0 = v + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = (s1 * s1 + s2 * s2 - coeff * s1 * s2) * 2 / pcm.length;
        return total > 0 && power > 0.05 * total;
    }

    /** Linear 16-bit PCM at 16 kHz as a stand-in wideband codec: what goes in comes out. */
    private static final class L16Wide implements Codec {
        @Override
        public String name() {
            return "L16";
        }

        @Override
        public int clockRate() {
            return 16000;
        }

        @Override
        public int staticPayloadType() {
            return -1;
        }

        @Override
        public int encode(short[] pcm, int pcmOff, int samples, byte[] out, int outOff) {
            for (int i = 0; i < samples; i++) {
                out[outOff + 2 * i] = (byte) (pcm[pcmOff + i] >> 8);
                out[outOff + 2 * i + 1] = (byte) pcm[pcmOff + i];
            }
            return 2 * samples;
        }

        @Override
        public int decode(byte[] payload, int off, int len, short[] pcm, int pcmOff) {
            for (int i = 0; i < len / 2; i++) {
                pcm[pcmOff + i] = (short) ((payload[off + 2 * i] << 8) | (payload[off + 2 * i + 1] & 0xff));
            }
            return len / 2;
        }

        @Override
        public int maxPayloadBytes(int samples) {
            return 2 * samples;
        }
    }

    // ---- a room on two nodes ----

    @Test
    void aRoomOnTwoNodesHasEveryListenerHearBothNodesTalkersAndNoVoiceComesBackToItsSpeaker() {
        Cascade c = new Cascade(3);
        Seat a1 = c.speaker(c.a, "a1", 400, AMPLITUDE);
        Seat a2 = c.listener(c.a, "a2");
        Seat b1 = c.speaker(c.b, "b1", 700, AMPLITUDE);
        Seat b2 = c.listener(c.b, "b2");

        Map<Seat, short[]> heard = c.ticks(12);

        assertThat(hears(heard.get(a2), 400) && hears(heard.get(a2), 700)).isTrue();
        assertThat(hears(heard.get(b2), 400) && hears(heard.get(b2), 700)).isTrue();
        assertThat(hears(heard.get(a1), 700)).isTrue();
        assertThat(hears(heard.get(a1), 400)).as("a1's voice came back through node B").isFalse();
        assertThat(hears(heard.get(b1), 700)).as("b1's voice came back through node A").isFalse();
    }

    @Test
    void withFiveTalkersOverTwoNodesBothNodesMixTheSameThreeLoudest() {
        Cascade c = new Cascade(3);
        c.speaker(c.a, "a-loud", 500, 6000);
        c.speaker(c.a, "a-quiet", 900, 700);
        c.speaker(c.b, "b-loud", 1300, 5000);
        c.speaker(c.b, "b-mid", 1700, 4000);
        c.speaker(c.b, "b-quiet", 2300, 600);
        Seat onA = c.listener(c.a, "listener-a");
        Seat onB = c.listener(c.b, "listener-b");

        Map<Seat, short[]> heard = c.ticks(15);

        for (Seat l : List.of(onA, onB)) {
            assertThat(hears(heard.get(l), 500) && hears(heard.get(l), 1300) && hears(heard.get(l), 1700))
                    .as("the three loudest at %s", l.id()).isTrue();
            assertThat(hears(heard.get(l), 900) || hears(heard.get(l), 2300)).as("a quiet one at %s", l.id()).isFalse();
        }
    }

    @Test
    void aPeerThatIsDroppedLeavesTheLocalRoomGoingOn() {
        Cascade c = new Cascade(3);
        c.speaker(c.a, "a1", 400, AMPLITUDE);
        Seat a2 = c.listener(c.a, "a2");
        c.speaker(c.b, "b1", 700, AMPLITUDE);
        c.ticks(10);

        c.a.dropPeer("B");
        c.linked = false;
        Map<Seat, short[]> heard = c.ticks(25);

        assertThat(hears(heard.get(a2), 400)).isTrue();
        assertThat(hears(heard.get(a2), 700)).isFalse();
    }

    /** Two conferences joined by trunks as two meeting nodes are: what one exports reaches the other a tick later. */
    private final class Cascade {
        final Conference a;
        final Conference b;
        final Seat[] aFromB;
        final Seat[] bFromA;
        final byte[][] toB;
        final byte[][] toA;
        boolean linked = true;
        final Map<Seat, Conference> where = new HashMap<>();

        Cascade(int talkers) {
            a = new Conference(talkers);
            b = new Conference(talkers);
            aFromB = new Seat[talkers];
            bFromA = new Seat[talkers];
            toB = new byte[talkers][];
            toA = new byte[talkers][];
            for (int k = 0; k < talkers; k++) {
                aFromB[k] = a.addRemote("B:" + k, "B");
                bFromA[k] = b.addRemote("A:" + k, "A");
            }
        }

        Seat speaker(Conference on, String id, int hz, int amplitude) {
            Seat s = ConferenceTest.this.speaker(on, id, hz, amplitude);
            where.put(s, on);
            return s;
        }

        Seat listener(Conference on, String id) {
            Seat s = on.add(id);
            codecs.put(s, Pcmu.INSTANCE);
            where.put(s, on);
            return s;
        }

        Map<Seat, short[]> ticks(int n) {
            Map<Seat, short[]> heard = new HashMap<>();
            for (int t = 0; t < n; t++) {
                for (int k = 0; k < aFromB.length && linked; k++) {
                    trunkIn(aFromB[k], toA[k]);
                    trunkIn(bFromA[k], toB[k]);
                }
                Map<Seat, short[]> now = ConferenceTest.this.ticks(null, 1);
                for (int k = 0; k < aFromB.length && linked; k++) {
                    toB[k] = trunkOut(a.export("B", k));
                    toA[k] = trunkOut(b.export("A", k));
                }
                if (t >= n - 5) {
                    now.forEach((seat, pcm) -> heard.merge(seat, pcm, ConferenceTest::concat));
                }
            }
            return heard;
        }

        private void trunkIn(Seat remote, byte[] payload) {
            short[] pcm = new short[Conference.FRAME];
            if (payload != null) {
                Pcmu.INSTANCE.decode(payload, 0, payload.length, pcm, 0);
            }
            remote.frame(pcm, pcm.length);
        }

        private byte[] trunkOut(io.switchboard.common.rtp.FrameSource source) {
            ByteBuf out = Unpooled.buffer(400);
            if (!source.next(Pcmu.INSTANCE, Conference.FRAME, out)) {
                return null;
            }
            byte[] b = new byte[out.readableBytes()];
            out.readBytes(b);
            return b;
        }
    }

    private static short[] concat(short[] x, short[] y) {
        short[] out = java.util.Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }

    // ---- the clock, the phones and the ear ----

    private Seat speaker(Conference room, String id, int hz) {
        return speaker(room, id, hz, AMPLITUDE);
    }

    private Seat speaker(Conference room, String id, int hz, int amplitude) {
        Seat s = room.add(id);
        tones.put(s, hz);
        amplitudes.put(s, amplitude);
        codecs.put(s, Pcmu.INSTANCE);
        return s;
    }

    /** Runs {@code n} ticks; returns what each seat heard in the last 5 (decoded PCM). */
    private Map<Seat, short[]> ticks(Conference room, int n) {
        Map<Seat, short[]> heard = new HashMap<>();
        for (int t = 0; t < n; t++) {
            short[] pcm = new short[Conference.FRAME];
            for (Map.Entry<Seat, Integer> e : tones.entrySet()) {
                int amp = amplitudes.get(e.getKey());
                for (int i = 0; i < pcm.length; i++) {
                    pcm[i] = (short) (amp * Math.sin(2 * Math.PI * e.getValue() * (sample + i) / 8000.0));
                }
                e.getKey().frame(pcm, pcm.length);
            }
            for (Seat s : codecs.keySet()) {
                if (!tones.containsKey(s)) {
                    s.frame(new short[Conference.FRAME], Conference.FRAME); // a silent listener
                }
            }
            sample += Conference.FRAME;
            for (Map.Entry<Seat, Codec> e : codecs.entrySet()) {
                ByteBuf out = Unpooled.buffer(400);
                boolean sent = e.getKey().next(e.getValue(), Conference.FRAME, out);
                short[] decoded = new short[Conference.FRAME];
                if (sent) {
                    byte[] payload = new byte[out.readableBytes()];
                    out.readBytes(payload);
                    e.getValue().decode(payload, 0, payload.length, decoded, 0);
                }
                if (t >= n - 5) {
                    short[] kept = heard.computeIfAbsent(e.getKey(), k -> new short[0]);
                    short[] grown = java.util.Arrays.copyOf(kept, kept.length + decoded.length);
                    System.arraycopy(decoded, 0, grown, kept.length, decoded.length);
                    heard.put(e.getKey(), grown);
                }
            }
        }
        return heard;
    }

    private static boolean hears(short[] pcm, int hz) {
        return goertzel(pcm, hz) > 0.05 * energy(pcm) && energy(pcm) > 0;
    }

    private static double energy(short[] pcm) {
        double e = 0;
        for (short v : pcm) {
            e += (double) v * v;
        }
        return e;
    }

    /** Power at {@code hz} relative to the frame's total (Goertzel over the whole buffer). */
    private static double goertzel(short[] pcm, int hz) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / 8000.0);
        double s1 = 0;
        double s2 = 0;
        for (short v : pcm) {
            double s0 = v + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return power * 2 / pcm.length;
    }
}
