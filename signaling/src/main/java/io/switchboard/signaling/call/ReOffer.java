package io.switchboard.signaling.call;

/**
 * An offer the B2BUA makes on its own in an established dialog (attended transfer: the target gets
 * the relay port that faced the transferor, the held transferee is resumed). RFC 3264 §8 asks that
 * such an offer keep the origin of the last SDP sent in that dialog with the version one higher, and
 * §6.1 that a stream the B2BUA wants flowing both ways be sendrecv, whatever hold left behind.
 */
final class ReOffer {
    private ReOffer() {
    }

    /**
     * {@code sdp} with every direction attribute made {@code a=sendrecv} and, when {@code previous}
     * (the last SDP this dialog's peer got from us) has an origin, that origin with its version + 1.
     */
    static String of(String sdp, String previous) {
        String origin = previous == null ? null : nextOrigin(previous);
        StringBuilder out = new StringBuilder(sdp.length() + 16);
        for (String line : sdp.split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.equals("a=sendonly") || line.equals("a=recvonly") || line.equals("a=inactive")) {
                line = "a=sendrecv";
            } else if (line.startsWith("o=") && origin != null) {
                line = origin;
            }
            out.append(line).append("\r\n");
        }
        return out.toString();
    }

    /** The o= line of {@code sdp} with its session version incremented, or null without a well-formed one. */
    static String nextOrigin(String sdp) {
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("o=")) {
                String[] f = line.substring(2).split(" ");
                if (f.length < 6) {
                    return null;
                }
                try {
                    f[2] = Long.toString(Long.parseLong(f[2]) + 1);
                } catch (NumberFormatException e) {
                    return null;
                }
                return "o=" + String.join(" ", f);
            }
        }
        return null;
    }

    /** Whether {@code sdp} puts its stream on hold (sendonly or inactive from the sender's side, recvonly back). */
    static boolean held(String sdp) {
        return sdp != null && (sdp.contains("a=sendonly") || sdp.contains("a=recvonly") || sdp.contains("a=inactive"));
    }
}
