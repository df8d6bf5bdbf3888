package io.switchboard.common.ng;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One ng reply, typed: its result, the rewritten SDP of an offer or answer, the reason of an error,
 * a warning, and the whole dictionary for the keys a caller reads itself (a query's stats).
 */
public record NgReply(Result result, String sdp, String errorReason, String warning, Map<String, Object> dict) {

    public enum Result {
        OK, PONG, ERROR
    }

    public NgReply {
        java.util.Objects.requireNonNull(result, "result");
        dict = Collections.unmodifiableMap(new LinkedHashMap<>(dict));
    }

    /** True for a successful command ({@code ok}); a {@code pong} answers ping only. */
    public boolean ok() {
        return result == Result.OK;
    }

    /** Reads a reply dictionary; one without a known {@code result} breaks the protocol. */
    public static NgReply from(Map<String, Object> dict) {
        Object raw = dict.get("result");
        Result result = switch (raw instanceof String s ? s.toLowerCase(Locale.ROOT) : "") {
            case "ok" -> Result.OK;
            case "pong" -> Result.PONG;
            case "error" -> Result.ERROR;
            default -> throw new NgProtocolException("reply without result ok, pong or error: " + raw);
        };
        return new NgReply(result, string(dict, "sdp"), string(dict, "error-reason"), string(dict, "warning"), dict);
    }

    private static String string(Map<String, Object> dict, String key) {
        return dict.get(key) instanceof String s ? s : null;
    }
}
