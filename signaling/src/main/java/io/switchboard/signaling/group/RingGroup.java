package io.switchboard.signaling.group;

import io.switchboard.common.api.FieldProblem;
import io.switchboard.signaling.directory.SipUser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A ring group: {@code number} rings its {@code members} (extensions) by {@code strategy}, each step for
 * {@code ringSeconds}; when nobody answers (or every member is busy or away) the call goes to
 * {@code fallthrough} (any dialable number; "" ends it with 480).
 */
public record RingGroup(String name, String number, RingStrategy strategy, List<String> members, int ringSeconds,
                        String fallthrough) implements java.io.Serializable {
    public RingGroup {
        members = members == null ? List.of() : List.copyOf(members);
        fallthrough = fallthrough == null ? "" : fallthrough;
    }

    /**
     * The steps a call takes, from member {@code start} on: one step of all members for ALL, else one
     * member per step, wrapping round.
     */
    public List<List<String>> steps(int start) {
        if (strategy == RingStrategy.ALL || members.isEmpty()) {
            return List.of(members);
        }
        List<List<String>> out = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            out.add(List.of(members.get((start + i) % members.size())));
        }
        return out;
    }

    public List<FieldProblem> problems() {
        List<FieldProblem> out = new ArrayList<>();
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,31}")) {
            out.add(new FieldProblem("name", "must be 1-32 lower-case letters, digits or '-', got '" + name + "'"));
        }
        if (number == null || number.isEmpty()) {
            out.add(new FieldProblem("number", "is missing"));
        } else {
            SipUser.extensionProblem(number).ifPresent(p -> out.add(new FieldProblem("number", p)));
        }
        if (strategy == null) {
            out.add(new FieldProblem("strategy", "must be one of all, order, round_robin"));
        }
        if (members.isEmpty()) {
            out.add(new FieldProblem("members", "must list at least one extension"));
        }
        Set<String> seen = new HashSet<>();
        for (String m : members) {
            SipUser.extensionProblem(m).ifPresent(p -> out.add(new FieldProblem("members", "'" + m + "': " + p)));
            if (!seen.add(m)) {
                out.add(new FieldProblem("members", "'" + m + "' is listed twice"));
            }
        }
        if (ringSeconds < 5 || ringSeconds > 300) {
            out.add(new FieldProblem("ringSeconds", "must be 5-300 seconds, got " + ringSeconds));
        }
        if (!fallthrough.isEmpty()) {
            if (fallthrough.equals(number)) {
                out.add(new FieldProblem("fallthrough", "falls through to the group itself"));
            } else {
                String digits = fallthrough.startsWith("+") ? fallthrough.substring(1) : fallthrough;
                SipUser.extensionProblem(digits).ifPresent(p -> out.add(new FieldProblem("fallthrough", "must be a number: " + p)));
            }
        }
        return out;
    }
}
