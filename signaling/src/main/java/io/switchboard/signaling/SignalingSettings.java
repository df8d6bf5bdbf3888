package io.switchboard.signaling;

import io.switchboard.common.cluster.ClusterSettings;
import io.switchboard.common.cluster.NodeIdentity;
import io.switchboard.common.config.ConfigException;
import io.switchboard.common.config.Settings;
import io.switchboard.common.sip.SipTransportKind;
import io.switchboard.signaling.auth.DigestAlgorithm;
import io.switchboard.signaling.call.CallSettings;
import io.switchboard.signaling.directory.PasswordPolicy;
import io.switchboard.signaling.directory.SipUser;
import io.switchboard.signaling.registrar.RegistrarSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Typed, validated settings of the signaling role; built before any port is bound so a bad value stops start-up. */
public record SignalingSettings(String nodeName, String privateAddress, String publicAddress, Path dataDir,
                                ClusterSettings cluster, boolean jvmMetrics,
                                String sipAddress, int sipPort, Set<SipTransportKind> transports, int workers,
                                int queueCapacity, int perSourceRate, Duration t1,
                                String realm, List<DigestAlgorithm> algorithms, Duration nonceTtl,
                                RegistrarSettings registrar, String httpAddress, int httpPort,
                                Optional<String> adminPassword, String databaseUrl, String databaseUser,
                                String databasePassword, CallSettings calls, int warmupRequests,
                                int maxAuthFailures, Duration authBlockTime, Path promptDir,
                                Optional<String> sipAdvertisedAddress, String serverHeader,
                                PasswordPolicy passwordPolicy, int credentialCacheEntries,
                                io.switchboard.signaling.ha.HaSettings ha, Optional<io.switchboard.common.sip.SipTls> tls,
                                io.switchboard.common.sip.SipTransportSettings.StreamLimits streams,
                                io.switchboard.common.sip.SipWebSockets webSockets) {

    public static final List<String> REFERENCE = List.of("io/switchboard/reference/common.yaml",
            "io/switchboard/reference/signaling.yaml");

    public static SignalingSettings from(Settings s) {
        ClusterSettings cluster = ClusterSettings.from(s);
        Path dataDir = Path.of(s.required("data-dir")).toAbsolutePath().normalize();
        NodeIdentity node = NodeIdentity.from(s, "signaling", cluster);
        String nodeName = node.name();
        String privateAddress = node.privateAddress();
        String publicAddress = node.publicAddress();
        Set<SipTransportKind> transports = EnumSet.noneOf(SipTransportKind.class);
        for (String t : s.list("sip.transports")) {
            try {
                transports.add(SipTransportKind.valueOf(t.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("sip.transports", "unknown transport '" + t + "' (expected udp, tcp)");
            }
        }
        if (transports.isEmpty()) {
            throw new ConfigException("sip.transports", "name at least one of udp, tcp");
        }
        String realm = s.required("auth.realm");
        if (!realm.matches("[\\x21-\\x7e&&[^\"\\\\]]{1,128}")) {
            throw new ConfigException("auth.realm", "must be 1-128 visible characters without quotes or backslashes, got '" + realm + "'");
        }
        List<DigestAlgorithm> algorithms = new ArrayList<>();
        for (String a : s.list("auth.algorithms")) {
            algorithms.add(DigestAlgorithm.fromToken(a).orElseThrow(
                    () -> new ConfigException("auth.algorithms", "unknown algorithm '" + a + "' (expected MD5, SHA-256)")));
        }
        if (algorithms.isEmpty()) {
            throw new ConfigException("auth.algorithms", "name at least one of MD5, SHA-256");
        }
        String dbUrl = s.optional("database.url").orElse("jdbc:h2:file:" + dataDir.resolve("switchboard") + ";DB_CLOSE_ON_EXIT=FALSE");
        if (!dbUrl.startsWith("jdbc:h2:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("database.url", "must be a jdbc:h2: or jdbc:postgresql: URL, got '" + dbUrl + "'");
        }
        Optional<String> admin = s.optional("admin.password");
        if (admin.isPresent() && admin.get().length() < 8) {
            throw new ConfigException("admin.password", "must be at least 8 characters");
        }
        return new SignalingSettings(nodeName, privateAddress, publicAddress, dataDir, cluster, s.bool("metrics.jvm"),
                s.ipAddress("sip.address").getHostAddress(), s.port("sip.port"), transports,
                s.integer("sip.workers", 1, 256), s.integer("sip.queue-capacity", 16, 1_000_000),
                s.integer("sip.per-source-rate", 1, 1_000_000),
                s.duration("sip.t1", Duration.ofMillis(50), Duration.ofSeconds(10)),
                realm, List.copyOf(algorithms),
                s.duration("auth.nonce-ttl", Duration.ofSeconds(10), Duration.ofHours(24)),
                RegistrarSettings.from(s), s.ipAddress("http.address").getHostAddress(), s.port("http.port"),
                admin, dbUrl, s.string("database.user"), s.string("database.password"), CallSettings.from(s),
                s.integer("sip.warmup-requests", 0, 1_000_000), s.integer("auth.max-failures", 0, 1_000_000),
                s.duration("auth.block-time", Duration.ofSeconds(1), Duration.ofDays(1)),
                s.optional("ivr.prompt-dir").map(Path::of).orElse(dataDir.resolve("prompts")).toAbsolutePath().normalize(),
                s.optional("sip.advertised-address").map(a -> s.ipAddress("sip.advertised-address").getHostAddress()),
                serverHeader(s),
                new PasswordPolicy(s.integer("auth.password-min-length", 1, SipUser.MAX_PASSWORD_LENGTH),
                        s.integer("auth.password-min-strength", 0, PasswordPolicy.MAX_STRENGTH)),
                s.integer("auth.credential-cache-entries", 1, 10_000_000), ha(s), tls(s), streams(s), webSockets(s));
    }

    /**
     * SIP over TLS ({@code sip.tls.*}): on when a certificate is set. The files are read at start (a
     * certificate that cannot be used fails start-up naming {@code sip.tls.certificate}) and again
     * whenever they change.
     */
    private static Optional<io.switchboard.common.sip.SipTls> tls(Settings s) {
        Optional<String> cert = s.optional("sip.tls.certificate").filter(v -> !v.isBlank());
        Optional<String> key = s.optional("sip.tls.private-key").filter(v -> !v.isBlank());
        if (cert.isEmpty()) {
            if (key.isPresent()) {
                throw new ConfigException("sip.tls.certificate", "is empty but sip.tls.private-key is set: set both to serve SIP over TLS");
            }
            return Optional.empty();
        }
        if (key.isEmpty()) {
            throw new ConfigException("sip.tls.private-key", "is empty: SIP over TLS needs the certificate's private key (PEM)");
        }
        Path certificate = readable(cert.get(), "sip.tls.certificate");
        Path privateKey = readable(key.get(), "sip.tls.private-key");
        Optional<Path> ca = s.optional("sip.tls.client-ca").filter(v -> !v.isBlank()).map(v -> readable(v, "sip.tls.client-ca"));
        io.switchboard.common.sip.SipTls.ClientAuth auth = s.oneOf("sip.tls.client-auth", io.switchboard.common.sip.SipTls.ClientAuth.class);
        if (auth != io.switchboard.common.sip.SipTls.ClientAuth.NONE && ca.isEmpty()) {
            throw new ConfigException("sip.tls.client-ca", "is empty but sip.tls.client-auth is " + auth.name().toLowerCase(Locale.ROOT)
                    + ": name the CA bundle that signs the trusted client certificates");
        }
        return Optional.of(new io.switchboard.common.sip.SipTls(s.port("sip.tls.port"), certificate, privateKey, ca, auth,
                s.duration("sip.tls.handshake-timeout", Duration.ofMillis(100), Duration.ofMinutes(1))));
    }

    /**
     * SIP over WebSocket (RFC 7118): {@code sip.websocket.port} (plain ws, off when empty) and
     * {@code sip.websocket.secure-port} (wss, served when TLS is configured, off when empty).
     */
    private static io.switchboard.common.sip.SipWebSockets webSockets(Settings s) {
        java.util.OptionalInt plain = s.optional("sip.websocket.port").filter(v -> !v.isBlank())
                .map(v -> java.util.OptionalInt.of(s.port("sip.websocket.port"))).orElse(java.util.OptionalInt.empty());
        boolean tls = s.optional("sip.tls.certificate").filter(v -> !v.isBlank()).isPresent();
        java.util.OptionalInt secure = tls ? s.optional("sip.websocket.secure-port").filter(v -> !v.isBlank())
                .map(v -> java.util.OptionalInt.of(s.port("sip.websocket.secure-port"))).orElse(java.util.OptionalInt.empty())
                : java.util.OptionalInt.empty();
        return new io.switchboard.common.sip.SipWebSockets(plain, secure);
    }

    /** The TCP/TLS defences: message read deadline, connection caps per source IP and in all. */
    private static io.switchboard.common.sip.SipTransportSettings.StreamLimits streams(Settings s) {
        int perSource = s.integer("sip.max-connections-per-source", 1, 1_000_000);
        int total = s.integer("sip.max-connections", 1, 10_000_000);
        if (total < perSource) {
            throw new ConfigException("sip.max-connections", "must be at least sip.max-connections-per-source (" + perSource
                    + "), got " + total);
        }
        return new io.switchboard.common.sip.SipTransportSettings.StreamLimits(
                s.duration("sip.stream-read-timeout", Duration.ofMillis(100), Duration.ofMinutes(10)), perSource, total);
    }

    private static Path readable(String file, String key) {
        Path p = Path.of(file).toAbsolutePath().normalize();
        if (!java.nio.file.Files.isRegularFile(p)) {
            throw new ConfigException(key, "'" + p + "' is not a file");
        }
        if (!java.nio.file.Files.isReadable(p)) {
            throw new ConfigException(key, "'" + p + "' cannot be read by this process");
        }
        return p;
    }

    /** The pair's virtual IP is where phones and workers send: SIP must be bound to it (or to every address) and advertise it. */
    private static io.switchboard.signaling.ha.HaSettings ha(Settings s) {
        io.switchboard.signaling.ha.HaSettings ha = io.switchboard.signaling.ha.HaSettings.from(s);
        if (ha.enabled()) {
            String vip = ha.virtualAddress().get().getHostAddress();
            String bound = s.ipAddress("sip.address").getHostAddress();
            if (!bound.equals(vip) && !s.ipAddress("sip.address").isAnyLocalAddress()) {
                throw new ConfigException("sip.address", "must be the HA virtual address " + vip
                        + " (with net.ipv4.ip_nonlocal_bind=1, so the standby is bound too) or 0.0.0.0, got " + bound);
            }
            String advertised = s.optional("sip.advertised-address").filter(a -> !a.isBlank())
                    .map(a -> s.ipAddress("sip.advertised-address").getHostAddress()).orElse(bound);
            if (!advertised.equals(vip)) {
                throw new ConfigException("sip.advertised-address", "must be the HA virtual address " + vip
                        + ": phones must never address one member of the pair, got " + advertised);
            }
        }
        return ha;
    }

    private static String serverHeader(Settings s) {
        String v = s.required("sip.server-header");
        // RFC 3261 §25.1 product tokens: token ["/" token], separated by spaces.
        if (!v.matches("[A-Za-z0-9.!%*_+`'~-]+(/[A-Za-z0-9.!%*_+`'~-]+)?( [A-Za-z0-9.!%*_+`'~-]+(/[A-Za-z0-9.!%*_+`'~-]+)?)*")) {
            throw new ConfigException("sip.server-header", "must be product tokens such as 'Switchboard' or 'Switchboard/1.0', got '" + v + "'");
        }
        return v;
    }
}
