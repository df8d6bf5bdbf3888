package io.switchboard.common.ivr;

/** A dialled number routes to one application only; another already has it. */
public final class IvrNumberTakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String number;
    private final String owner;

    public IvrNumberTakenException(String number, String owner) {
        super("number '" + number + "' already routes to IVR application '" + owner + "'");
        this.number = number;
        this.owner = owner;
    }

    public String number() {
        return number;
    }

    public String owner() {
        return owner;
    }
}
