package io.switchboard.signaling.trunk;

import io.switchboard.common.api.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An outbound route: a dialled number that matches {@code pattern} (a regular expression over the
 * whole number, e.g. {@code 0[1-9][0-9]{7,8}} or {@code \+?32[0-9]{8,9}}) leaves over {@code trunks}, in
 * order: the next trunk is tried when one answers 408 or 5xx, does not answer, or is disabled; a 4xx or
 * 6xx such as 486 or 404 is the callee's answer and ends the attempt. The number sent is the dialled
 * one without its first {@code strip} characters, with {@code prepend} in front (E.164 normalisation:
 * strip 1, prepend "+32" turns 0470123456 into +32470123456). {@code callers} is a regular expression
 * of the extensions that may use the route (empty: everyone); an {@code emergency} route is open to every
 * caller and tried before all others. Routes are tried by {@code priority}, lowest first.
 */
public record OutboundRoute(String name, int priority, String pattern, int strip, String prepend, List<String> trunks,
                            String callers, boolean emergency) implements java.io.Serializable {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PREPEND = Pattern.compile("\\+?[0-9*#]{0,31}");

    public OutboundRoute {
        trunks = List.copyOf(trunks);
        prepend = prepend == null ? "" : prepend;
        callers = callers == null ? "" : callers;
    }

    /** Whether {@code caller} may dial {@code number} over this route. */
    public boolean takes(String number, String caller) {
        return Pattern.compile(pattern).matcher(number).matches()
                && (emergency || callers.isEmpty() || Pattern.compile(callers).matcher(caller).matches());
    }

    /** The number sent to the provider. */
    public String sent(String dialled) {
        return prepend + dialled.substring(Math.min(strip, dialled.length()));
    }

    public List<FieldProblem> problems() {
        List<FieldProblem> out = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            out.add(new FieldProblem("name", "use 1-64 letters, digits, '.', '_' or '-', got '" + name + "'"));
        }
        if (priority < 0 || priority > 100_000) {
            out.add(new FieldProblem("priority", "must be 0-100000, got " + priority));
        }
        regexProblem("pattern", pattern, false).ifPresent(out::add);
        regexProblem("callers", callers, true).ifPresent(out::add);
        if (strip < 0 || strip > 31) {
            out.add(new FieldProblem("strip", "must be 0-31 characters, got " + strip));
        }
        if (!PREPEND.matcher(prepend).matches()) {
            out.add(new FieldProblem("prepend", "must be digits, '*' or '#' with an optional leading '+', got '" + prepend + "'"));
        }
        if (trunks.isEmpty()) {
            out.add(new FieldProblem("trunks", "a route needs at least one trunk"));
        }
        return out;
    }

    private static Optional<FieldProblem> regexProblem(String field, String regex, boolean mayBeEmpty) {
        if (regex == null || regex.isEmpty()) {
            return mayBeEmpty ? Optional.empty() : Optional.of(new FieldProblem(field, "is missing: a regular expression of the numbers"));
        }
        if (regex.length() > 256) {
            return Optional.of(new FieldProblem(field, "must be at most 256 characters"));
        }
        try {
            Pattern.compile(regex);
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            return Optional.of(new FieldProblem(field, "'" + regex + "' does not parse: " + e.getDescription()
                    + " near index " + e.getIndex()));
        }
    }
}
