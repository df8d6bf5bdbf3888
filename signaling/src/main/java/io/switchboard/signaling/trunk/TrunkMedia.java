package io.switchboard.signaling.trunk;

import io.switchboard.common.api.FieldProblem;
import io.switchboard.common.sdp.MediaDescription;
import io.switchboard.common.sdp.SdpException;
import io.switchboard.common.sdp.SessionDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a trunk's provider takes in media: {@code codecs} by encoding name in order of preference (empty:
 * whatever the caller offers) and how DTMF crosses it: as RFC 4733 events ({@code telephone-event} kept
 * in the offer) or in-band in the audio (the events are not offered, so the phones send tones as sound).
 * The offer to the provider is narrowed here, in signaling, once per call; the relay passes what is
 * agreed, so nothing is transcoded. {@code record}: every call over the trunk is recorded by its media node.
 */
public record TrunkMedia(List<String> codecs, Dtmf dtmf, boolean record) implements java.io.Serializable {
    public static final TrunkMedia ANY = new TrunkMedia(List.of(), Dtmf.RFC4733, false);

    public TrunkMedia(List<String> codecs, Dtmf dtmf) {
        this(codecs, dtmf, false);
    }
    private static final String EVENTS = "TELEPHONE-EVENT";

    /** How DTMF digits cross the trunk. */
    public enum Dtmf {
        RFC4733, INBAND;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Dtmf> of(String s) {
            for (Dtmf d : values()) {
                if (d.wire().equalsIgnoreCase(s)) {
                    return Optional.of(d);
                }
            }
            return Optional.empty();
        }
    }

    public TrunkMedia {
        codecs = codecs == null ? List.of() : codecs.stream().map(c -> c.trim().toUpperCase(Locale.ROOT)).toList();
        dtmf = dtmf == null ? Dtmf.RFC4733 : dtmf;
    }

    public List<FieldProblem> problems() {
        List<FieldProblem> out = new ArrayList<>();
        for (String c : codecs) {
            if (!c.matches("[A-Z0-9.-]{2,16}")) {
                out.add(new FieldProblem("codecs", "'" + c + "' is not an encoding name such as PCMA, PCMU, G722 or OPUS"));
            } else if (c.equals(EVENTS)) {
                out.add(new FieldProblem("codecs", "telephone-event is set by dtmfMode, not listed as a codec"));
            }
        }
        return out;
    }

    /**
     * {@code offer} narrowed to this trunk: the audio formats it takes, in its order, and telephone-event
     * only for RFC 4733 DTMF. Empty when none of the caller's codecs is one the trunk takes (the trunk is
     * then skipped, as one that refused the call).
     */
    public Optional<String> narrow(String offer) {
        if (codecs.isEmpty() && dtmf == Dtmf.RFC4733) {
            return Optional.of(offer);
        }
        SessionDescription sdp;
        try {
            sdp = SessionDescription.parse(offer);
        } catch (SdpException e) {
            return Optional.of(offer);
        }
        for (MediaDescription m : sdp.media()) {
            if (!"audio".equals(m.media()) || m.port() == 0) {
                continue;
            }
            List<String> audio = new ArrayList<>();
            List<String> events = new ArrayList<>();
            for (String pt : m.formats()) {
                String name = encoding(m, pt);
                if (EVENTS.equals(name)) {
                    if (dtmf == Dtmf.RFC4733) {
                        events.add(pt);
                    }
                } else if (codecs.isEmpty() || codecs.contains(name)) {
                    audio.add(pt);
                }
            }
            if (audio.isEmpty()) {
                return Optional.empty();
            }
            if (!codecs.isEmpty()) {
                audio.sort(java.util.Comparator.comparingInt(pt -> codecs.indexOf(encoding(m, pt))));
            }
            List<String> kept = new ArrayList<>(audio);
            kept.addAll(events);
            m.retainFormats(kept);
        }
        return Optional.of(sdp.write());
    }

    private static String encoding(MediaDescription m, String pt) {
        try {
            return m.encoding(Integer.parseInt(pt)).map(e -> e.toUpperCase(Locale.ROOT)).orElse("");
        } catch (NumberFormatException e) {
            return "";
        }
    }
}
