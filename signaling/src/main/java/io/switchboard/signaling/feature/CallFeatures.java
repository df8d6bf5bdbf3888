package io.switchboard.signaling.feature;

import io.switchboard.common.api.FieldProblem;
import io.switchboard.signaling.directory.SipUser;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's call features. {@code dnd}: calls to the user are refused busy (or go where busy calls go);
 * {@code forwardAlways}: every call goes there instead; {@code forwardBusy}: where a call goes when the
 * user's phones answer busy (or DND); {@code forwardNoAnswer}: where it goes when nobody answers within
 * {@code noAnswerSeconds} (0: the PBX's no-answer timeout, then the call fails as before);
 * {@code forwardUnregistered}: where it goes when the user has no phone registered. A target is a number
 * of this PBX (extension, queue, IVR, room) or one an outbound route takes; "" is off.
 * {@code callerId}: the number the user presents on calls out over a trunk ("" the trunk's own);
 * {@code withholdCallerId}: every call of the user is anonymous to the callee (RFC 3323; over a trunk the
 * provider still gets the number in P-Asserted-Identity with {@code Privacy: id}, RFC 3325).
 */
public record CallFeatures(String extension, boolean dnd, String forwardAlways, String forwardBusy, String forwardNoAnswer,
                           String forwardUnregistered, int noAnswerSeconds, String callerId, boolean withholdCallerId)
        implements java.io.Serializable {
    public static CallFeatures none(String extension) {
        return new CallFeatures(extension, false, "", "", "", "", 0, "", false);
    }

    public CallFeatures {
        forwardAlways = forwardAlways == null ? "" : forwardAlways;
        forwardBusy = forwardBusy == null ? "" : forwardBusy;
        forwardNoAnswer = forwardNoAnswer == null ? "" : forwardNoAnswer;
        forwardUnregistered = forwardUnregistered == null ? "" : forwardUnregistered;
        callerId = callerId == null ? "" : callerId;
    }

    public boolean isDefault() {
        return equals(none(extension));
    }

    public List<FieldProblem> problems() {
        List<FieldProblem> out = new ArrayList<>();
        target("forwardAlways", forwardAlways, out);
        target("forwardBusy", forwardBusy, out);
        target("forwardNoAnswer", forwardNoAnswer, out);
        target("forwardUnregistered", forwardUnregistered, out);
        if (!callerId.isEmpty() && !callerId.matches("\\+?[0-9]{2,20}")) {
            // What a provider accepts as a calling number: digits, E.164 with its '+'.
            out.add(new FieldProblem("callerId", "must be 2-20 digits, with '+' for E.164, got '" + callerId + "'"));
        }
        if (noAnswerSeconds != 0 && (noAnswerSeconds < 5 || noAnswerSeconds > 300)) {
            out.add(new FieldProblem("noAnswerSeconds", "must be 0 (the PBX's timeout) or 5-300 seconds, got " + noAnswerSeconds));
        }
        return out;
    }

    private void target(String field, String value, List<FieldProblem> out) {
        if (value.isEmpty()) {
            return;
        }
        if (value.equals(extension)) {
            out.add(new FieldProblem(field, "forwards " + extension + " to itself"));
            return;
        }
        String digits = value.startsWith("+") ? value.substring(1) : value;
        SipUser.extensionProblem(digits).ifPresent(p -> out.add(new FieldProblem(field, "must be a number: " + p)));
    }
}
