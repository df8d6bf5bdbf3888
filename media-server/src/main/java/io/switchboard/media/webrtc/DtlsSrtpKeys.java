package io.switchboard.media.webrtc;

import io.switchboard.media.srtp.SrtpKey;
import io.switchboard.media.srtp.SrtpSuite;
import java.io.IOException;
import java.util.Arrays;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;

/**
 * The SRTP keys a DTLS-SRTP handshake yields (RFC 5764 §4.2): the exporter's output split into
 * client key, server key, client salt, server salt. The side that was the DTLS client sends with the
 * client's; {@code peer} is the certificate the other side presented, checked against the
 * fingerprint in its SDP (RFC 5763 §5) before the keys are used.
 */
public record DtlsSrtpKeys(SrtpKey sending, SrtpKey receiving, TlsCertificate peer) {
    /** Whether the endpoint's certificate is the one its SDP named (with the hash function the SDP chose). */
    public boolean presented(DtlsFingerprint expected) {
        return expected.matches(expected.of(peer));
    }

    /** The protection profiles we take, in our order of preference: the AES-CM ones the SDES path also does. */
    static final int[] PROFILES = {SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32};

    /** ECDHE with ECDSA, AEAD first: what browsers offer, and what our certificate signs for. */
    static final int[] CIPHER_SUITES = {
        org.bouncycastle.tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        org.bouncycastle.tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        org.bouncycastle.tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        org.bouncycastle.tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    };

    static SrtpSuite suite(int profile) {
        return switch (profile) {
            case SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80 -> SrtpSuite.AES_CM_128_HMAC_SHA1_80;
            case SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32 -> SrtpSuite.AES_CM_128_HMAC_SHA1_32;
            default -> throw new IllegalArgumentException("SRTP protection profile " + profile + " is not supported");
        };
    }

    /** The first of our profiles the client's use_srtp extension offers; a handshake_failure alert when none. */
    static int choose(Hashtable<?, ?> clientExtensions) throws IOException {
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "the DTLS client offers no use_srtp extension (RFC 5764 §4.1.1)");
        }
        for (int ours : PROFILES) {
            for (int theirs : offered.getProtectionProfiles()) {
                if (ours == theirs) {
                    return ours;
                }
            }
        }
        throw new TlsFatalAlert(AlertDescription.handshake_failure, "no SRTP protection profile in common (we do AES128_CM_HMAC_SHA1_80/32)");
    }

    /** The profile the server chose in its use_srtp extension. */
    static int chosen(Hashtable<?, ?> serverExtensions) throws IOException {
        UseSRTPData d = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (d == null || d.getProtectionProfiles().length != 1) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "the DTLS server chose no single SRTP protection profile");
        }
        int p = d.getProtectionProfiles()[0];
        for (int ours : PROFILES) {
            if (ours == p) {
                return p;
            }
        }
        throw new TlsFatalAlert(AlertDescription.illegal_parameter, "the DTLS server chose SRTP profile " + p + ", which we did not offer");
    }

    static UseSRTPData extension(int... profiles) {
        return new UseSRTPData(profiles, TlsUtils.EMPTY_BYTES);
    }

    /** RFC 5764 §4.2: client_write_key | server_write_key | client_write_salt | server_write_salt. */
    static DtlsSrtpKeys export(TlsContext context, int profile, boolean weAreClient, TlsCertificate peer) {
        SrtpSuite suite = suite(profile);
        int k = suite.keyBytes();
        int s = suite.saltBytes();
        byte[] m = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, 2 * (k + s));
        SrtpKey client = new SrtpKey(suite, Arrays.copyOfRange(m, 0, k), Arrays.copyOfRange(m, 2 * k, 2 * k + s));
        SrtpKey server = new SrtpKey(suite, Arrays.copyOfRange(m, k, 2 * k), Arrays.copyOfRange(m, 2 * k + s, 2 * k + 2 * s));
        Arrays.fill(m, (byte) 0);
        return weAreClient ? new DtlsSrtpKeys(client, server, peer) : new DtlsSrtpKeys(server, client, peer);
    }
}
