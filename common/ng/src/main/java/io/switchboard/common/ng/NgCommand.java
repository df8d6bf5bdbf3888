package io.switchboard.common.ng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One ng request, typed: what the media server executes and what signaling sends. Keys follow
 * rtpengine's docs/ng_control_protocol.md; like rtpengine we accept {@code call id}/{@code call-id}/
 * {@code call_id} spellings, and flag values case-insensitively with ' ', '_' and '-' alike
 * ({@code trust address} = {@code trust-address}). Word sets are kept in that normal form, so a
 * command equals the one parsed back from its {@link #toDictionary()}.
 *
 * <pre>{@code
 * NgCommand offer = NgCommand.offer(callId, fromTag, sdp).flags("trust-address").replace("origin").build();
 * }</pre>
 */
public record NgCommand(Name name, String callId, String fromTag, String toTag, String viaBranch, String sdp,
                        Set<String> flags, Set<String> replace, List<String> direction, String ice,
                        Set<String> rtcpMux, String mediaAddress, boolean recordCall, String replaceTag,
                        String transportProtocol) {

    public enum Name {
        PING("ping"), OFFER("offer"), ANSWER("answer"), DELETE("delete"), QUERY("query"),
        START_RECORDING("start recording"), STOP_RECORDING("stop recording");

        private final String wire;

        Name(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        static String allowed() {
            return Arrays.stream(values()).map(Name::wire).collect(Collectors.joining("|"));
        }
    }

    /** Checks the keys the command needs and brings the word sets to their normal form. */
    public NgCommand {
        java.util.Objects.requireNonNull(name, "name");
        requireKeys(name, callId, fromTag, toTag, sdp);
        flags = normalised(flags);
        replace = normalised(replace);
        rtcpMux = normalised(rtcpMux);
        direction = direction == null ? List.of() : List.copyOf(direction);
        ice = ice == null ? null : normalise(ice);
        recordCall = recordCall || flags.contains("record-call");
    }

    public boolean flag(String f) {
        return flags.contains(f);
    }

    public static NgCommand ping() {
        return builder(Name.PING).build();
    }

    public static NgCommand delete(String callId) {
        return builder(Name.DELETE).callId(callId).build();
    }

    public static NgCommand query(String callId) {
        return builder(Name.QUERY).callId(callId).build();
    }

    /** An offer; the builder adds flags, replace, direction ... before {@code build()}. */
    public static Builder offer(String callId, String fromTag, String sdp) {
        return builder(Name.OFFER).callId(callId).fromTag(fromTag).sdp(sdp);
    }

    /** An answer; the builder adds flags, replace, replace-tag ... before {@code build()}. */
    public static Builder answer(String callId, String fromTag, String toTag, String sdp) {
        return builder(Name.ANSWER).callId(callId).fromTag(fromTag).toTag(toTag).sdp(sdp);
    }

    public static Builder builder(Name name) {
        return new Builder(name);
    }

    /** The bencode dictionary of this command, the inverse of {@link #from(Map)}; absent values are left out. */
    public Map<String, Object> toDictionary() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("command", name.wire);
        putIfSet(d, "call-id", callId);
        putIfSet(d, "from-tag", fromTag);
        putIfSet(d, "to-tag", toTag);
        putIfSet(d, "via-branch", viaBranch);
        putIfSet(d, "sdp", sdp);
        putIfSet(d, "flags", sorted(flags));
        putIfSet(d, "replace", sorted(replace));
        putIfSet(d, "direction", direction);
        putIfSet(d, "ice", ice);
        putIfSet(d, "rtcp-mux", sorted(rtcpMux));
        putIfSet(d, "media-address", mediaAddress);
        if (recordCall && !flags.contains("record-call")) {
            d.put("record-call", "yes");
        }
        putIfSet(d, "replace-tag", replaceTag);
        putIfSet(d, "transport-protocol", transportProtocol);
        return d;
    }

    public static NgCommand from(Map<String, Object> dict) {
        Object raw = value(dict, "command");
        if (raw == null) {
            throw new NgProtocolException("missing key 'command' (expected " + Name.allowed() + ")");
        }
        if (!(raw instanceof String cmd)) {
            throw new NgProtocolException("key 'command' must be a string (expected " + Name.allowed() + ")");
        }
        Name name = Arrays.stream(Name.values()).filter(n -> n.wire.equals(normalise(cmd).replace('-', ' ')))
                .findFirst().orElseThrow(() -> new NgProtocolException("unknown command '" + cmd + "' (expected "
                        + Name.allowed() + ")"));
        String callId = string(dict, "call-id");
        String fromTag = string(dict, "from-tag");
        String toTag = string(dict, "to-tag");
        String sdp = string(dict, "sdp");
        // A missing key is named before a malformed optional one.
        requireKeys(name, callId, fromTag, toTag, sdp);
        String record = string(dict, "record-call");
        boolean recordCall = record != null && Set.of("yes", "on", "true").contains(normalise(record));
        return new NgCommand(name, callId, fromTag, toTag, string(dict, "via-branch"), sdp, words(dict, "flags"),
                words(dict, "replace"), listOfStrings(dict, "direction"), string(dict, "ice"), words(dict, "rtcp-mux"),
                string(dict, "media-address"), recordCall, string(dict, "replace-tag"), string(dict, "transport-protocol"));
    }

    /** Builds a command key by key; {@code build()} checks the keys its name needs. */
    public static final class Builder {
        private final Name name;
        private String callId;
        private String fromTag;
        private String toTag;
        private String viaBranch;
        private String sdp;
        private Set<String> flags = Set.of();
        private Set<String> replace = Set.of();
        private List<String> direction = List.of();
        private String ice;
        private Set<String> rtcpMux = Set.of();
        private String mediaAddress;
        private boolean recordCall;
        private String replaceTag;
        private String transportProtocol;

        private Builder(Name name) {
            this.name = name;
        }

        public Builder callId(String v) {
            callId = v;
            return this;
        }

        public Builder fromTag(String v) {
            fromTag = v;
            return this;
        }

        public Builder toTag(String v) {
            toTag = v;
            return this;
        }

        public Builder viaBranch(String v) {
            viaBranch = v;
            return this;
        }

        public Builder sdp(String v) {
            sdp = v;
            return this;
        }

        public Builder flags(String... v) {
            flags = Set.copyOf(Arrays.asList(v));
            return this;
        }

        public Builder replace(String... v) {
            replace = Set.copyOf(Arrays.asList(v));
            return this;
        }

        /** The network of each side, offerer first: "public" or "private". */
        public Builder direction(String... v) {
            direction = List.of(v);
            return this;
        }

        public Builder ice(String v) {
            ice = v;
            return this;
        }

        public Builder rtcpMux(String... v) {
            rtcpMux = Set.copyOf(Arrays.asList(v));
            return this;
        }

        public Builder mediaAddress(String v) {
            mediaAddress = v;
            return this;
        }

        public Builder recordCall(boolean v) {
            recordCall = v;
            return this;
        }

        /** Blind transfer: the relay leg of this tag is handed to the answer's to-tag. */
        /** rtpengine's {@code transport-protocol}: the profile of the SDP sent on, e.g. RTP/SAVP to offer SDES-SRTP. */
        public Builder transportProtocol(String v) {
            transportProtocol = v;
            return this;
        }

        public Builder replaceTag(String v) {
            replaceTag = v;
            return this;
        }

        public NgCommand build() {
            return new NgCommand(name, callId, fromTag, toTag, viaBranch, sdp, flags, replace, direction, ice, rtcpMux,
                    mediaAddress, recordCall, replaceTag, transportProtocol);
        }
    }

    private static void requireKeys(Name name, String callId, String fromTag, String toTag, String sdp) {
        switch (name) {
            case OFFER -> require(name, "call-id", callId, "from-tag", fromTag, "sdp", sdp);
            case ANSWER -> require(name, "call-id", callId, "from-tag", fromTag, "to-tag", toTag, "sdp", sdp);
            case DELETE, QUERY, START_RECORDING, STOP_RECORDING -> require(name, "call-id", callId);
            default -> {
            }
        }
    }

    private static void require(Name name, String... keyValue) {
        for (int i = 0; i < keyValue.length; i += 2) {
            if (keyValue[i + 1] == null || keyValue[i + 1].isEmpty()) {
                throw new NgProtocolException("'" + name.wire + "' needs key '" + keyValue[i] + "'");
            }
        }
    }

    static String normalise(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replace(' ', '-').replace('_', '-');
    }

    private static Set<String> normalised(Set<String> words) {
        if (words == null || words.isEmpty()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String w : words) {
            out.add(normalise(w));
        }
        return Set.copyOf(out);
    }

    private static List<String> sorted(Set<String> words) {
        return words.stream().sorted().toList();
    }

    private static void putIfSet(Map<String, Object> d, String key, Object value) {
        if (value != null && !(value instanceof List<?> l && l.isEmpty())) {
            d.put(key, value);
        }
    }

    /** Looks a key up under rtpengine's equivalent spellings ("call-id", "call id", "call_id", "ICE"/"ice"). */
    private static Object value(Map<String, Object> dict, String key) {
        Object v = dict.get(key);
        if (v != null) {
            return v;
        }
        for (Map.Entry<String, Object> e : dict.entrySet()) {
            if (normalise(e.getKey()).equals(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String string(Map<String, Object> dict, String key) {
        Object v = value(dict, key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new NgProtocolException("key '" + key + "' must be a string, got " + describe(v));
    }

    private static List<String> listOfStrings(Map<String, Object> dict, String key) {
        Object v = value(dict, key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            // Some clients send a single space-separated string where rtpengine documents a list.
            return Arrays.stream(s.split(" ")).filter(x -> !x.isEmpty()).toList();
        }
        if (!(v instanceof List<?> list)) {
            throw new NgProtocolException("key '" + key + "' must be a list of strings, got " + describe(v));
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw new NgProtocolException("key '" + key + "' must be a list of strings, found " + describe(o));
            }
            out.add(s);
        }
        return out;
    }

    private static Set<String> words(Map<String, Object> dict, String key) {
        return new LinkedHashSet<>(listOfStrings(dict, key));
    }

    private static String describe(Object v) {
        if (v instanceof Long) {
            return "an integer";
        }
        if (v instanceof List) {
            return "a list";
        }
        return v instanceof Map ? "a dictionary" : "a string";
    }
}
