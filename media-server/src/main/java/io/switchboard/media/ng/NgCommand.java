package io.switchboard.media.ng;

import io.switchboard.common.ng.NgProtocolException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One ng request, typed. Keys follow rtpengine's docs/ng_control_protocol.md; like rtpengine we
 * accept {@code call id}/{@code call-id}/{@code call_id} spellings, and flag values case-insensitively
 * with ' ', '_' and '-' alike ({@code trust address} = {@code trust-address}).
 */
public record NgCommand(Name name, String callId, String fromTag, String toTag, String viaBranch, String sdp,
                        Set<String> flags, Set<String> replace, List<String> direction, String ice,
                        Set<String> rtcpMux, String mediaAddress, boolean recordCall, String replaceTag) {

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

    public boolean flag(String f) {
        return flags.contains(f);
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
        switch (name) {
            case OFFER -> require(name, "call-id", callId, "from-tag", fromTag, "sdp", sdp);
            case ANSWER -> require(name, "call-id", callId, "from-tag", fromTag, "to-tag", toTag, "sdp", sdp);
            case DELETE, QUERY, START_RECORDING, STOP_RECORDING -> require(name, "call-id", callId);
            default -> {
            }
        }
        Set<String> flags = words(dict, "flags");
        String record = string(dict, "record-call");
        boolean recordCall = flags.contains("record-call") || (record != null && Set.of("yes", "on", "true").contains(normalise(record)));
        String ice = string(dict, "ice");
        return new NgCommand(name, callId, fromTag, toTag, string(dict, "via-branch"), sdp, flags, words(dict, "replace"),
                List.copyOf(listOfStrings(dict, "direction")), ice == null ? null : normalise(ice), words(dict, "rtcp-mux"),
                string(dict, "media-address"), recordCall, string(dict, "replace-tag"));
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
        Set<String> out = new LinkedHashSet<>();
        for (String s : listOfStrings(dict, key)) {
            out.add(normalise(s));
        }
        return Set.copyOf(out);
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
