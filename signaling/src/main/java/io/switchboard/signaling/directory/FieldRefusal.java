package io.switchboard.signaling.directory;

import io.switchboard.common.api.FieldProblem;
import java.util.List;
import java.util.stream.Collectors;

/** A value refused for its problems: the first one's field is named, every problem is in the message. */
public final class FieldRefusal extends FieldException {
    private static final long serialVersionUID = 1L;

    public FieldRefusal(String field, String message) {
        super(field, message);
    }

    /** Throws for {@code problems} unless there are none. */
    public static void check(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new FieldRefusal(problems.get(0).field(), problems.stream().map(p -> p.field() + " " + p.reason())
                    .collect(Collectors.joining("; ")));
        }
    }
}
