package io.switchboard.loadtest;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test CA made by the test and a server certificate it signs for one IP address, written as PEM
 * files: {@code ca.pem} (for a phone's sip_cafile), {@code server.pem} (the chain) and {@code server.key}.
 */
public record TestCertificates(Path ca, Path certificate, Path privateKey) {

    public static TestCertificates write(Path dir, String address) throws Exception {
        X509Bundle ca = new CertificateBuilder().subject("CN=Switchboard test CA").setIsCertificateAuthority(true).ecp256()
                .buildSelfSigned();
        X509Bundle server = new CertificateBuilder().subject("CN=" + address).addSanIpAddress(address).ecp256()
                .addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
        Files.createDirectories(dir);
        return new TestCertificates(Files.writeString(dir.resolve("ca.pem"), ca.getCertificatePEM()),
                Files.writeString(dir.resolve("server.pem"), server.getCertificatePathPEM()),
                Files.writeString(dir.resolve("server.key"), server.getPrivateKeyPEM()));
    }
}
