package io.switchboard.common.lifecycle;

import java.net.BindException;

/**
 * A listener that could not be opened at start-up, with what it was and where, so the operator
 * reads "IVR server: cannot listen on SIP udp 0.0.0.0:5070: address already in use" instead of
 * Netty's "bind(..) failed with error(-98)". The process then stops with nothing half-started.
 */
public final class ListenError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private ListenError(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param listener what listens, e.g. "SIP udp", "ng control udp", "admin API http" */
    public static ListenError of(String listener, String address, int port, Throwable cause) {
        return new ListenError("cannot listen on " + listener + " " + address + ":" + port + ": " + reason(cause), cause);
    }

    /** The same failure, prefixed with the role that owns the listener ("media server: ..."). */
    public ListenError inRole(String role) {
        return getMessage().startsWith(role + ": ") ? this : new ListenError(role + ": " + getMessage(), getCause());
    }

    /** errno -98 / -99 in words, whichever way the JDK or Netty reported it. */
    static String reason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            String lower = m.toLowerCase(java.util.Locale.ROOT);
            if (m.contains("-98") || lower.contains("address already in use")) {
                return "address already in use (another process holds this port; pick another with its config key)";
            }
            if (m.contains("-99") || lower.contains("cannot assign requested address")) {
                return "this machine does not own that address";
            }
            if (m.contains("-13") || lower.contains("permission denied")) {
                return "permission denied (ports below 1024 need privileges)";
            }
            if (t instanceof BindException) {
                return m;
            }
        }
        return String.valueOf(cause);
    }
}
