package io.switchboard.common.sip;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS contexts of the SIP transport, built from {@link SipTls}'s PEM files with the JDK's TLS:
 * TLS 1.3 and 1.2 only. {@link #reloadIfChanged()} rebuilds them when a file's modification time or
 * size changed (a renewed certificate): new connections get the new certificate, open ones keep
 * theirs, and a file that does not parse leaves the old context in use, with a warning.
 */
public final class TlsContexts {
    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SipTls tls;
    private volatile SslContext server;
    private volatile SslContext client;
    private volatile List<Object> stamp;

    private TlsContexts(SipTls tls) {
        this.tls = tls;
    }

    /**
     * Loads the files once; throws {@link IllegalArgumentException} naming the file and what is wrong
     * with it (missing, unreadable, not PEM, key not matching the certificate).
     */
    public static TlsContexts load(SipTls tls) {
        TlsContexts c = new TlsContexts(tls);
        c.stamp = c.stampNow();
        c.build();
        return c;
    }

    /** The context for accepted connections now. */
    public SslContext server() {
        return server;
    }

    /** The context for connections this side opens (towards a phone or trunk whose connection closed). */
    public SslContext client() {
        return client;
    }

    /** Rebuilds the contexts if a file changed; returns whether they were rebuilt. Never throws. */
    public boolean reloadIfChanged() {
        List<Object> now;
        try {
            now = stampNow();
        } catch (IllegalArgumentException e) {
            LOG.warn("TLS certificate not reloaded: {}; connections keep the previous one", e.getMessage());
            return false;
        }
        if (now.equals(stamp)) {
            return false;
        }
        try {
            build();
            stamp = now;
            LOG.info("TLS certificate reloaded from {}: new connections use it", tls.certificate());
            return true;
        } catch (IllegalArgumentException e) {
            LOG.warn("TLS certificate not reloaded: {}; connections keep the previous one", e.getMessage());
            stamp = now; // tried once per change, not every tick
            return false;
        }
    }

    private void build() {
        try {
            SslContextBuilder b = SslContextBuilder.forServer(tls.certificate().toFile(), tls.privateKey().toFile())
                    .sslProvider(SslProvider.JDK).protocols(PROTOCOLS);
            if (tls.clientAuth() != SipTls.ClientAuth.NONE) {
                b.trustManager(tls.clientCa().orElseThrow().toFile())
                        .clientAuth(tls.clientAuth() == SipTls.ClientAuth.REQUIRE ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
            }
            SslContext s = b.build();
            SslContextBuilder cb = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols(PROTOCOLS)
                    .keyManager(tls.certificate().toFile(), tls.privateKey().toFile());
            if (tls.clientCa().isPresent()) {
                cb.trustManager(tls.clientCa().get().toFile());
            }
            SslContext c = cb.build();
            server = s;
            client = c;
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use " + tls.certificate() + " with " + tls.privateKey() + ": "
                    + rootMessage(e), e);
        }
    }

    private List<Object> stampNow() {
        List<Object> s = new ArrayList<>();
        for (Path p : files()) {
            try {
                FileTime t = Files.getLastModifiedTime(p);
                s.add(p);
                s.add(t);
                s.add(Files.size(p));
            } catch (IOException e) {
                throw new IllegalArgumentException(p + " cannot be read: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage()));
            }
        }
        return s;
    }

    private List<Path> files() {
        List<Path> f = new ArrayList<>(List.of(tls.certificate(), tls.privateKey()));
        tls.clientCa().ifPresent(f::add);
        return f;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return Objects.requireNonNullElse(t.getMessage(), t.getClass().getSimpleName());
    }
}
