package io.switchboard.media.webrtc;

import java.io.IOException;
import java.util.Hashtable;
import java.util.function.Consumer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;

/**
 * Our side of a DTLS-SRTP handshake when the endpoint is the DTLS server (its SDP said
 * {@code setup:passive}): DTLS 1.2, use_srtp offered, our certificate sent when asked, the server's
 * kept for the fingerprint check. Self-signed on both sides: trust comes from the SDP fingerprint.
 */
final class SrtpDtlsClient extends DefaultTlsClient {
    private final DtlsIdentity identity;
    private final Consumer<DtlsSrtpKeys> done;
    private int profile;
    private TlsCertificate peer;

    SrtpDtlsClient(DtlsIdentity identity, Consumer<DtlsSrtpKeys> done) {
        super(identity.crypto());
        this.identity = identity;
        this.done = done;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    /** Only suites our ECDSA certificate can sign for (BouncyCastle's defaults include RSA ones, which would fail mid-handshake). */
    @Override
    protected int[] getSupportedCipherSuites() {
        return org.bouncycastle.tls.TlsUtils.getSupportedCipherSuites(getCrypto(), DtlsSrtpKeys.CIPHER_SUITES);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return DtlsSession.HANDSHAKE_TIMEOUT_MILLIS;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Hashtable getClientExtensions() throws IOException {
        Hashtable ext = org.bouncycastle.tls.TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
        TlsSRTPUtils.addUseSRTPExtension(ext, DtlsSrtpKeys.extension(DtlsSrtpKeys.PROFILES));
        return ext;
    }

    @Override
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        profile = DtlsSrtpKeys.chosen(serverExtensions);
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                if (serverCertificate.getCertificate() == null || serverCertificate.getCertificate().isEmpty()) {
                    throw new TlsFatalAlert(AlertDescription.bad_certificate, "the DTLS server sent no certificate");
                }
                peer = serverCertificate.getCertificate().getCertificateAt(0);
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) {
                return identity.signer(context);
            }
        };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        done.accept(DtlsSrtpKeys.export(context, profile, true, peer));
    }
}
