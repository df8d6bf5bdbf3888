package io.switchboard.signaling.trunk;

import io.switchboard.common.api.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An inbound number (DID) a trunk delivers, and the number of this PBX it reaches: an extension, a
 * ring group, a queue, an IVR or a room (whatever the number plan routes). {@code number} is the
 * provider's, digits with an optional leading '+'; a call for "+3222001234" also finds "3222001234"
 * and the other way round.
 */
public record Did(String number, String destination, String description) implements java.io.Serializable {
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{1,31}");

    public Did {
        description = description == null ? "" : description;
    }

    public List<FieldProblem> problems() {
        List<FieldProblem> out = new ArrayList<>();
        if (number == null || !NUMBER.matcher(number).matches()) {
            out.add(new FieldProblem("number", "must be 1-31 digits with an optional leading '+', got '" + number + "'"));
        }
        if (destination == null || destination.isEmpty()) {
            out.add(new FieldProblem("destination", "is missing: the extension, queue, IVR or room number the DID reaches"));
        } else {
            io.switchboard.signaling.directory.SipUser.extensionProblem(destination)
                    .ifPresent(p -> out.add(new FieldProblem("destination", "must be a number of this PBX: " + p)));
        }
        if (description.length() > 128) {
            out.add(new FieldProblem("description", "must be at most 128 characters"));
        }
        return out;
    }

    /** The lookup key: the number without its '+'. */
    static String key(String number) {
        return number.startsWith("+") ? number.substring(1) : number;
    }
}
