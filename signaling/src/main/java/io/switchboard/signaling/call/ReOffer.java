package io.switchboard.signaling.call;

import io.switchboard.common.sdp.MediaDescription;
import io.switchboard.common.sdp.Origin;
import io.switchboard.common.sdp.SdpException;
import io.switchboard.common.sdp.SessionDescription;

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
     * {@code sdp} with every direction attribute made sendrecv and, when {@code previous} (the last
     * SDP this dialog's peer got from us) has a numeric session version, that origin with version + 1.
     */
    static String of(String sdp, String previous) {
        SessionDescription offer = SessionDescription.parse(sdp);
        Origin next = previous == null ? null : nextOrigin(previous);
        if (next != null) {
            offer.setOrigin(next);
        }
        offer.removeAttributes(MediaDescription.DIRECTIONS::contains);
        for (MediaDescription m : offer.media()) {
            if (m.direction().isPresent()) {
                m.removeAttributes(MediaDescription.DIRECTIONS::contains);
                m.setAttribute("sendrecv", null);
            }
        }
        return offer.write();
    }

    /** The origin of {@code sdp} with its session version incremented, or null when it has none to increment. */
    static Origin nextOrigin(String sdp) {
        try {
            Origin o = SessionDescription.parse(sdp).origin();
            return new Origin(o.username(), o.sessionId(), Long.toString(Long.parseLong(o.sessionVersion()) + 1),
                    o.netType(), o.addrType(), o.address());
        } catch (SdpException | NumberFormatException | java.util.NoSuchElementException e) {
            return null;
        }
    }

    /** Whether {@code sdp} puts its stream on hold (a direction other than sendrecv, at either level). */
    static boolean held(String sdp) {
        if (sdp == null) {
            return false;
        }
        SessionDescription d = SessionDescription.parse(sdp);
        return d.attribute("sendonly").isPresent() || d.attribute("recvonly").isPresent() || d.attribute("inactive").isPresent()
                || d.media().stream().anyMatch(m -> m.direction().filter(dir -> !dir.equals("sendrecv")).isPresent());
    }
}
