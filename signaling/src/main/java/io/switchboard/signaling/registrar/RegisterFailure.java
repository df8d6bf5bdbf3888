package io.switchboard.signaling.registrar;

/** Why a REGISTER was refused: one table from reason to status (Kamailio registrar's habit); the reply carries a Warning. */
public enum RegisterFailure {
    NOT_A_SIP_AOR(404, "Not Found", "To must be a sip: or sips: URI with a user part"),
    FOREIGN_AOR(403, "Forbidden", "credentials are for another user than the To AOR"),
    BAD_WILDCARD(400, "Bad Request", "Contact: * needs Expires: 0 and no other Contact (RFC 3261 10.3 step 6)"),
    BAD_EXPIRES(400, "Bad Request", "Expires is not a number of seconds"),
    INTERVAL_TOO_BRIEF(423, "Interval Too Brief", "expiry shorter than Min-Expires"),
    OUT_OF_ORDER(500, "Server Internal Error", "CSeq not higher than the stored binding's for this Call-ID (RFC 3261 10.3 step 7)"),
    TOO_MANY_CONTACTS(403, "Forbidden", "too many contacts for this AOR"),
    BAD_CONTACT(400, "Bad Request", "Contact is not a URI");

    private final int status;
    private final String reason;
    private final String warning;

    RegisterFailure(int status, String reason, String warning) {
        this.status = status;
        this.reason = reason;
        this.warning = warning;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public String warning() {
        return warning;
    }
}
