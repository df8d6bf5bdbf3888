package io.switchboard.common.ivr;

import java.util.List;
import java.util.stream.Collectors;

/** A YAML definition that cannot be an IVR application: every problem found, each with its line. */
public final class IvrDefinitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One problem; {@code line} counts from 1. */
    public record Problem(int line, String reason) {
        @Override
        public String toString() {
            return "line " + line + ": " + reason;
        }
    }

    private final transient List<Problem> problems;

    public IvrDefinitionException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /** In line order, never empty. */
    public List<Problem> problems() {
        return problems;
    }
}
