package io.switchboard.common.sip;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * A server transaction (RFC 3261 §17.2.2) whose request was read by {@link RawRequest} instead of
 * the RI parser; the transaction user answers it with header lines, and the response echoes the
 * request's Via (stamped per RFC 3581), From, To (with our tag), Call-ID and CSeq byte for byte.
 */
public interface RawServerTransaction {
    /** The request (named so, not request(), to sit beside {@link ServerTransaction#request()} in one class). */
    RawRequest raw();

    Flow flow();

    /** The event loop that read the request; a non-blocking continuation runs here. */
    Executor loop();

    /**
     * Sends the response with the status's standard reason phrase, or {@code reason} when not null.
     * {@code headerLines} are whole fields without line end ({@code "Contact: <sip:a@b>;expires=60"});
     * Server and Content-Length are added. A final response ends the transaction; later ones are dropped.
     */
    void respond(int status, String reason, List<String> headerLines);
}
