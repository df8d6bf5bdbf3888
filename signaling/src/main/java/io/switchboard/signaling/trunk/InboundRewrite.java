package io.switchboard.signaling.trunk;

import io.switchboard.common.api.FieldProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * How the number a provider sends for a call in is rewritten before the DID lookup, as outbound routes
 * rewrite the other way: its first {@code strip} characters dropped, {@code prepend} put in front (a
 * provider sending national "022001234" reaches the DID "+3222001234" with strip 1, prepend "+32").
 */
public record InboundRewrite(int strip, String prepend) implements java.io.Serializable {
    public static final InboundRewrite NONE = new InboundRewrite(0, "");

    public InboundRewrite {
        prepend = prepend == null ? "" : prepend;
    }

    /** {@code number} as the DID table knows it; a number no longer than {@code strip} is left as it is. */
    public String apply(String number) {
        if (number == null || strip == 0 && prepend.isEmpty() || number.length() <= strip) {
            return number;
        }
        return prepend + number.substring(strip);
    }

    public List<FieldProblem> problems() {
        List<FieldProblem> out = new ArrayList<>();
        if (strip < 0 || strip > 16) {
            out.add(new FieldProblem("inboundStrip", "must be 0-16 characters, got " + strip));
        }
        if (!prepend.isEmpty() && !prepend.matches("\\+?[0-9]{1,16}")) {
            out.add(new FieldProblem("inboundPrepend", "must be digits with an optional leading '+', got '" + prepend + "'"));
        }
        return out;
    }
}
