package io.switchboard.signaling.feature;

/**
 * The feature codes a phone dials (docs/ARCHITECTURE.md "Feature codes" lists them all, with the
 * queue agents' codes). Dialled like any number; signaling acts on them itself.
 */
public final class FeatureCodes {
    /** Group pickup: answers the longest-ringing call to any member of the caller's ring groups. */
    public static final String GROUP_PICKUP = "*8";
    /** Directed pickup: {@code **} then the extension whose ringing call is answered. */
    public static final String DIRECTED_PICKUP = "**";

    /** Call park: a blind transfer to {@code *7} and a slot digit or two parks the call there; dialling it retrieves. */
    public static final String PARK = "*7";

    /** Withhold the caller's number on this call: {@code *67} before the number dialled (RFC 3323 anonymity). */
    public static final String WITHHOLD = "*67";

    private FeatureCodes() {
    }

    /** The number after {@code *67}, or null when the call is dialled plainly. */
    public static String withheldNumber(String dialled) {
        return dialled != null && dialled.startsWith(WITHHOLD) && dialled.length() > WITHHOLD.length()
                ? dialled.substring(WITHHOLD.length()) : null;
    }

    /** The park slot a number names ({@code *71} .. {@code *799}), or null. */
    public static String parkSlot(String dialled) {
        if (dialled == null || !dialled.startsWith(PARK)) {
            return null;
        }
        String slot = dialled.substring(PARK.length());
        if (slot.isEmpty() || slot.length() > 2 || !slot.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return dialled;
    }

    public static boolean isPickup(String dialled) {
        return GROUP_PICKUP.equals(dialled) || directedPickupTarget(dialled) != null;
    }

    /** The extension of a directed pickup ({@code **1002} → 1002), or null. */
    public static String directedPickupTarget(String dialled) {
        if (dialled == null || !dialled.startsWith(DIRECTED_PICKUP) || dialled.length() == DIRECTED_PICKUP.length()) {
            return null;
        }
        String ext = dialled.substring(DIRECTED_PICKUP.length());
        for (int i = 0; i < ext.length(); i++) {
            if (!Character.isDigit(ext.charAt(i))) {
                return null;
            }
        }
        return ext;
    }
}
