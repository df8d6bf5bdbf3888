package io.switchboard.media.webrtc;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * This media node's DTLS certificate: self-signed ECDSA P-256, made at start. WebRTC needs no CA
 * (RFC 8827 §6.5): each side names its certificate's fingerprint in its SDP, which travels over the
 * signaling channel (TLS/WSS), and the handshake checks the certificate against it. One identity
 * per process: a restarted node announces a new fingerprint in its next SDP.
 */
public final class DtlsIdentity {
    private final BcTlsCrypto crypto;
    private final Certificate certificate;
    private final AsymmetricKeyParameter privateKey;
    private final DtlsFingerprint fingerprint;

    private DtlsIdentity(BcTlsCrypto crypto, Certificate certificate, AsymmetricKeyParameter privateKey) {
        this.crypto = crypto;
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.fingerprint = DtlsFingerprint.sha256(certificate.getCertificateAt(0));
    }

    /** A new key pair and a certificate valid from a day ago (clock skew) for 30 days past {@code now}. */
    public static DtlsIdentity generate(SecureRandom random, Instant now) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair pair = g.generateKeyPair();
            X500Name name = new X500Name("CN=switchboard-media");
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, random).abs().add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name, pair.getPublic());
            byte[] der = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded();
            BcTlsCrypto crypto = new BcTlsCrypto(random);
            Certificate chain = new Certificate(new TlsCertificate[] {crypto.createCertificate(der)});
            return new DtlsIdentity(crypto, chain, PrivateKeyFactory.createKey(pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make the DTLS certificate: " + e.getMessage(), e);
        }
    }

    public BcTlsCrypto crypto() {
        return crypto;
    }

    public Certificate certificate() {
        return certificate;
    }

    /** Our certificate and key to sign the handshake with (ECDSA with SHA-256), as DTLS server or client. */
    org.bouncycastle.tls.TlsCredentialedSigner signer(org.bouncycastle.tls.TlsContext context) {
        return new org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner(
                new org.bouncycastle.tls.crypto.TlsCryptoParameters(context), crypto, privateKey, certificate,
                org.bouncycastle.tls.SignatureAndHashAlgorithm.getInstance(org.bouncycastle.tls.HashAlgorithm.sha256,
                        org.bouncycastle.tls.SignatureAlgorithm.ecdsa));
    }

    /** What our SDP says in {@code a=fingerprint} (RFC 8122). */
    public DtlsFingerprint fingerprint() {
        return fingerprint;
    }
}
