package io.switchboard.media.webrtc;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import java.util.function.Consumer;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;

/**
 * Our side of a DTLS-SRTP handshake when the endpoint is the DTLS client (its SDP said
 * {@code setup:active}, as browsers answer and offer {@code actpass}): DTLS 1.2, our ECDSA
 * certificate, a client certificate required (it is what the endpoint's SDP fingerprint names), and
 * the use_srtp extension (RFC 5764 §4.1).
 */
final class SrtpDtlsServer extends DefaultTlsServer {
    private final DtlsIdentity identity;
    private final Consumer<DtlsSrtpKeys> done;
    private int profile;
    private TlsCertificate peer;

    SrtpDtlsServer(DtlsIdentity identity, Consumer<DtlsSrtpKeys> done) {
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
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        profile = DtlsSrtpKeys.choose(clientExtensions);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Hashtable getServerExtensions() throws IOException {
        Hashtable ext = org.bouncycastle.tls.TlsExtensionsUtils.ensureExtensionsInitialised(super.getServerExtensions());
        TlsSRTPUtils.addUseSRTPExtension(ext, DtlsSrtpKeys.extension(profile));
        return ext;
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        Vector<?> algorithms = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign}, algorithms, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no client certificate: its SDP fingerprint cannot be checked");
        }
        peer = clientCertificate.getCertificateAt(0);
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() {
        return identity.signer(context);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        done.accept(DtlsSrtpKeys.export(context, profile, false, peer));
    }
}
