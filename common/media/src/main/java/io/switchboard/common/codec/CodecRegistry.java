package io.switchboard.common.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The codecs this process can run, in order of preference, found by rtpmap name and clock rate.
 * G.711 is built in; a codec from a library (Opus through libjitsi) is added with {@link #register}
 * once its native part has been seen to load. Built once at start-up, read-only afterwards.
 */
public final class CodecRegistry {
    /** A codec this process offers: its rtpmap format and how to make one instance per stream. */
    public record Entry(String name, int clockRate, int channels, int staticPayloadType, String fmtp, Supplier<Codec> factory) {
        public Entry(String name, int clockRate, int channels, int staticPayloadType, Supplier<Codec> factory) {
            this(name, clockRate, channels, staticPayloadType, null, factory);
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** PCMU then PCMA: the two every SIP phone speaks (RFC 3551 section 4.5.14). */
    public static CodecRegistry g711() {
        CodecRegistry r = new CodecRegistry();
        r.register(new Entry("PCMU", 8000, 1, 0, () -> Pcmu.INSTANCE));
        r.register(new Entry("PCMA", 8000, 1, 8, () -> Pcma.INSTANCE));
        return r;
    }

    /**
     * PCMU, PCMA, then Opus ({@code opus/48000/2}, dynamic payload type) when libjitsi's native Opus
     * loads on this machine; otherwise G.711 only (one log line says why).
     */
    public static CodecRegistry standard() {
        CodecRegistry r = g711();
        if (OpusCodec.available()) {
            r.register(OpusCodec.NARROWBAND);
        }
        return r;
    }

    /**
     * As {@link #standard()} with Opus at 16 kHz: for a conference that mixes wideband when a
     * participant speaks it (G.711 stays 8 kHz).
     */
    public static CodecRegistry wideband() {
        CodecRegistry r = g711();
        if (OpusCodec.available()) {
            r.register(OpusCodec.WIDEBAND);
        }
        return r;
    }

    public CodecRegistry register(Entry e) {
        entries.add(e);
        return this;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public Optional<Entry> find(RtpMap map) {
        return entries.stream().filter(e -> map.sameFormat(e.name(), e.clockRate())).findFirst();
    }

    public Optional<Entry> find(String name) {
        return entries.stream().filter(e -> e.name().equalsIgnoreCase(name)).findFirst();
    }

    /** A codec instance for the format, or empty when we do not run it. */
    public Optional<Codec> create(RtpMap map) {
        return find(map).map(e -> e.factory().get());
    }
}
