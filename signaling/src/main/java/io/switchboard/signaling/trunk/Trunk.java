package io.switchboard.signaling.trunk;

import io.switchboard.common.api.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A SIP trunk to a provider. A {@link Kind#REGISTRATION} trunk registers {@code username} at
 * {@code host:port} (digest with {@code password}, RFC 3261 §10.2 and §22) so the provider sends
 * calls for it to us; an {@link Kind#IP} trunk is trusted by its {@code addresses} (the provider's
 * signaling IPs, or networks in CIDR form) and registers nothing. {@code domain} is the provider's
 * SIP domain for From/To (default: the host). {@code maxChannels} caps simultaneous calls over it.
 * {@code inboundDestination} is where a call for a number with no DID entry goes (empty: 404).
 * {@code keepaliveSeconds}: an OPTIONS every so many seconds, a trunk that does not answer being
 * skipped by outbound routes (0: off, as most providers expect unless agreed). {@code callerId}: the
 * number calls out over it present (From and P-Asserted-Identity, RFC 3325), usually the main DID the
 * provider allows; empty: the caller's extension as it is. {@code media}: the codecs and DTMF mode the
 * provider takes ({@link TrunkMedia}), and whether its calls are recorded. {@code inbound}: how the numbers
 * it sends are rewritten before the DID lookup ({@link InboundRewrite}).
 */
public record Trunk(String name, Kind kind, String host, int port, Transport transport, String username, String password,
                   String domain, List<String> addresses, int maxChannels, int registerExpires, String inboundDestination,
                   int keepaliveSeconds, String callerId, boolean enabled, TrunkMedia media, InboundRewrite inbound)
        implements java.io.Serializable {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:-]{1,255}");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._+!~*'()&=$,;?/%-]{1,128}");
    public static final int DEFAULT_EXPIRES = 600;
    public static final int DEFAULT_MAX_CHANNELS = 30;

    /** Registration trunks register; IP trunks are recognised by address. */
    public enum Kind {
        REGISTRATION, IP;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Kind> of(String s) {
            for (Kind k : values()) {
                if (k.wire().equalsIgnoreCase(s)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    /** The SIP transport towards the provider. */
    public enum Transport {
        UDP, TCP, TLS;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Transport> of(String s) {
            for (Transport t : values()) {
                if (t.wire().equalsIgnoreCase(s)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    public Trunk {
        addresses = List.copyOf(addresses);
        domain = domain == null ? "" : domain;
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        inboundDestination = inboundDestination == null ? "" : inboundDestination;
        callerId = callerId == null ? "" : callerId;
        media = media == null ? TrunkMedia.ANY : media;
        inbound = inbound == null ? InboundRewrite.NONE : inbound;
    }

    /** A trunk whose numbers in are looked up as sent. */
    public Trunk(String name, Kind kind, String host, int port, Transport transport, String username, String password,
                 String domain, List<String> addresses, int maxChannels, int registerExpires, String inboundDestination,
                 int keepaliveSeconds, String callerId, boolean enabled, TrunkMedia media) {
        this(name, kind, host, port, transport, username, password, domain, addresses, maxChannels, registerExpires,
                inboundDestination, keepaliveSeconds, callerId, enabled, media, InboundRewrite.NONE);
    }

    /** A trunk that takes any codec the caller offers, with RFC 4733 DTMF. */
    public Trunk(String name, Kind kind, String host, int port, Transport transport, String username, String password,
                 String domain, List<String> addresses, int maxChannels, int registerExpires, String inboundDestination,
                 int keepaliveSeconds, String callerId, boolean enabled) {
        this(name, kind, host, port, transport, username, password, domain, addresses, maxChannels, registerExpires,
                inboundDestination, keepaliveSeconds, callerId, enabled, TrunkMedia.ANY, InboundRewrite.NONE);
    }

    /** The SIP domain of From and To: {@code domain}, else the host. */
    public String sipDomain() {
        return domain.isEmpty() ? host : domain;
    }

    public Trunk withEnabled(boolean on) {
        return new Trunk(name, kind, host, port, transport, username, password, domain, addresses, maxChannels, registerExpires,
                inboundDestination, keepaliveSeconds, callerId, on, media, inbound);
    }

    /** Without the password: what the API shows. */
    public Trunk redacted() {
        return new Trunk(name, kind, host, port, transport, username, password.isEmpty() ? "" : "********", domain, addresses,
                maxChannels, registerExpires, inboundDestination, keepaliveSeconds, callerId, enabled, media, inbound);
    }

    /** What is wrong, field by field; empty when the trunk may be stored. */
    public List<FieldProblem> problems() {
        List<FieldProblem> out = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            out.add(new FieldProblem("name", "use 1-64 letters, digits, '.', '_' or '-', got '" + name + "'"));
        }
        if (kind == null) {
            out.add(new FieldProblem("kind", "must be registration or ip"));
        }
        if (host == null || !HOST.matcher(host).matches()) {
            out.add(new FieldProblem("host", "must be a host name or IP address, got '" + host + "'"));
        }
        if (port < 1 || port > 65535) {
            out.add(new FieldProblem("port", "must be 1-65535, got " + port));
        }
        if (transport == null) {
            out.add(new FieldProblem("transport", "must be udp, tcp or tls"));
        }
        if (kind == Kind.REGISTRATION) {
            if (!USER.matcher(username).matches()) {
                out.add(new FieldProblem("username", "a registration trunk needs the username the provider gave, got '" + username + "'"));
            }
            if (password.isEmpty()) {
                out.add(new FieldProblem("password", "a registration trunk needs the password the provider gave"));
            } else if (password.length() > 256) {
                out.add(new FieldProblem("password", "must be at most 256 characters"));
            }
            if (registerExpires < 60 || registerExpires > 86_400) {
                out.add(new FieldProblem("registerExpires", "must be 60-86400 seconds, got " + registerExpires));
            }
        } else if (!username.isEmpty() && !USER.matcher(username).matches()) {
            out.add(new FieldProblem("username", "has characters a SIP user part may not, got '" + username + "'"));
        }
        if (kind == Kind.IP && addresses.isEmpty()) {
            out.add(new FieldProblem("addresses", "an IP trunk needs the provider's addresses (IPs or CIDR networks): calls"
                    + " from anywhere else are refused"));
        }
        for (String a : addresses) {
            Optional<String> problem = AddressRange.problem(a);
            if (problem.isPresent()) {
                out.add(new FieldProblem("addresses", problem.get()));
                break;
            }
        }
        if (!domain.isEmpty() && !HOST.matcher(domain).matches()) {
            out.add(new FieldProblem("domain", "must be a domain name or empty, got '" + domain + "'"));
        }
        if (!inboundDestination.isEmpty()) {
            io.switchboard.signaling.directory.SipUser.extensionProblem(inboundDestination)
                    .ifPresent(p -> out.add(new FieldProblem("inboundDestination", "must be a number of this PBX: " + p)));
        }
        if (!callerId.isEmpty() && !callerId.matches("\\+?[0-9]{1,31}")) {
            out.add(new FieldProblem("callerId", "must be digits with an optional leading '+', got '" + callerId + "'"));
        }
        if (keepaliveSeconds != 0 && (keepaliveSeconds < 5 || keepaliveSeconds > 3600)) {
            out.add(new FieldProblem("keepaliveSeconds", "must be 0 (off) or 5-3600 seconds, got " + keepaliveSeconds));
        }
        out.addAll(media.problems());
        out.addAll(inbound.problems());
        if (maxChannels < 1 || maxChannels > 100_000) {
            out.add(new FieldProblem("maxChannels", "must be 1-100000, got " + maxChannels));
        }
        return out;
    }

    @Override
    public String toString() {
        return "Trunk[" + name + " " + (kind == null ? "?" : kind.wire()) + " " + host + ":" + port + "/"
                + (transport == null ? "?" : transport.wire()) + (username.isEmpty() ? "" : " user " + username) + "]";
    }
}
