package io.switchboard.common.sip;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The SIP over TLS listener (RFC 3261 §26.2, RFC 5630): a certificate chain and its private key in
 * PEM files (reloaded when they change, see {@link TlsContexts}), TLS 1.2 and 1.3 only.
 *
 * @param port             listening port (5061 by default; 0 picks one)
 * @param certificate      PEM certificate chain, the server's first
 * @param privateKey       PEM private key (PKCS#8, or PKCS#1 RSA / SEC1 EC)
 * @param clientCa         PEM CA bundle that signs the client certificates trusted (trunks); empty: none
 * @param clientAuth       whether a client certificate is asked for, and required
 * @param handshakeTimeout a connection that has not finished its handshake by then is closed
 */
public record SipTls(int port, Path certificate, Path privateKey, Optional<Path> clientCa, ClientAuth clientAuth,
                     Duration handshakeTimeout) {

    /** Client certificates: not asked for, asked for and verified when sent, or required. */
    public enum ClientAuth { NONE, OPTIONAL, REQUIRE }

    public SipTls {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("TLS port must be 0..65535, got " + port);
        }
        if (clientAuth != ClientAuth.NONE && clientCa.isEmpty()) {
            throw new IllegalArgumentException("client certificates are " + clientAuth.name().toLowerCase(java.util.Locale.ROOT)
                    + " but no CA is given to verify them");
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("TLS handshake timeout must be positive, got " + handshakeTimeout);
        }
    }
}
