package io.switchboard.dist;

import static io.switchboard.dist.AdminClient.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code switchboard trunk add|list|show|set|rm}: SIP trunks to providers through the running signaling's admin
 * API. A registration trunk registers at the provider (its state and the provider's last answer are shown); an IP
 * trunk is recognised by the provider's addresses.
 */
@Command(name = "trunk", mixinStandardHelpOptions = true,
        description = "Manage SIP trunks to providers (registration and IP trunks) through the admin API.",
        subcommands = {TrunkCommand.Add.class, TrunkCommand.ListTrunks.class, TrunkCommand.Show.class,
                TrunkCommand.Set.class, TrunkCommand.Remove.class})
final class TrunkCommand {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Where the password comes from when --password is not given (so it does not show in {@code ps}). */
    static final String PASSWORD_ENV = "SWITCHBOARD_TRUNK_PASSWORD";

    @Mixin
    AdminOptions admin;

    /** The fields add and set share; each one not given stays out of the request body. */
    static final class Fields {
        @Option(names = "--port", paramLabel = "N", description = "the provider's SIP port (default 5060)")
        Integer port;
        @Option(names = "--transport", paramLabel = "T", description = "udp, tcp or tls (default udp)")
        String transport;
        @Option(names = "--username", paramLabel = "U", description = "registration: the username the provider gave")
        String username;
        @Option(names = "--password", paramLabel = "P", arity = "0..1", fallbackValue = "",
                description = "registration: the password the provider gave; without a value, or (add) when absent,"
                        + " it is read from " + PASSWORD_ENV + " so it does not show in ps")
        String password;
        @Option(names = "--domain", paramLabel = "D", description = "the provider's SIP domain for From/To (default: the host)")
        String domain;
        @Option(names = "--address", paramLabel = "IP_OR_CIDR", split = ",",
                description = "ip: an address or network the provider's calls come from; repeatable or comma-separated")
        List<String> addresses;
        @Option(names = "--max-channels", paramLabel = "N", description = "simultaneous calls at most (default 30)")
        Integer maxChannels;
        @Option(names = "--register-expires", paramLabel = "S",
                description = "registration: seconds a registration lasts, 60-86400 (default 600)")
        Integer registerExpires;
        @Option(names = "--inbound-destination", paramLabel = "NUMBER",
                description = "where calls for a number with no DID entry go (an extension, queue, IVR or room); empty: 404")
        String inboundDestination;
        @Option(names = "--keepalive", paramLabel = "S",
                description = "an OPTIONS every S seconds (5-3600); a trunk that does not answer is skipped by routes; 0: off (default)")
        Integer keepaliveSeconds;
        @Option(names = "--caller-id", paramLabel = "NUMBER",
                description = "the number calls out over it present (From, P-Asserted-Identity); default: the caller's extension")
        String callerId;
        @Option(names = "--codecs", paramLabel = "LIST", split = ",",
                description = "codecs the provider takes, in order of preference (e.g. PCMA,PCMU); default: any the caller offers")
        List<String> codecs;
        @Option(names = "--record", paramLabel = "true|false", arity = "1",
                description = "record every call over it (WAV on the media node)")
        Boolean record;
        @Option(names = "--inbound-strip", paramLabel = "N", description = "characters dropped from the front of numbers in")
        Integer inboundStrip;
        @Option(names = "--inbound-prepend", paramLabel = "DIGITS", description = "put in front of numbers in, after the strip")
        String inboundPrepend;
        @Option(names = "--dtmf-mode", paramLabel = "MODE",
                description = "rfc4733 (events, the default) or inband (tones in the audio; telephone-event is not offered)")
        String dtmfMode;

        /**
         * Puts the given fields into {@code body}. The password is the option's value; a bare {@code --password}
         * reads {@value #PASSWORD_ENV}, and so does no {@code --password} when {@code envWhenAbsent}.
         */
        ObjectNode into(ObjectNode body, boolean envWhenAbsent) {
            if (port != null) {
                body.put("port", port);
            }
            if (transport != null) {
                body.put("transport", transport);
            }
            if (username != null) {
                body.put("username", username);
            }
            String p = password;
            if (p == null && envWhenAbsent || p != null && p.isEmpty()) {
                p = System.getenv(PASSWORD_ENV);
                if (p == null && password != null) {
                    throw new AdminClient.ApiError("--password without a value reads " + PASSWORD_ENV + ", which is not set");
                }
            }
            if (p != null && !p.isEmpty()) {
                body.put("password", p);
            }
            if (domain != null) {
                body.put("domain", domain);
            }
            if (addresses != null) {
                ArrayNode a = body.putArray("addresses");
                addresses.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(a::add);
            }
            if (maxChannels != null) {
                body.put("maxChannels", maxChannels);
            }
            if (callerId != null) {
                body.put("callerId", callerId);
            }
            if (codecs != null) {
                ArrayNode c = body.putArray("codecs");
                codecs.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(c::add);
            }
            if (dtmfMode != null) {
                body.put("dtmfMode", dtmfMode);
            }
            if (record != null) {
                body.put("recordCalls", record);
            }
            if (inboundStrip != null) {
                body.put("inboundStrip", inboundStrip);
            }
            if (inboundPrepend != null) {
                body.put("inboundPrepend", inboundPrepend);
            }
            if (keepaliveSeconds != null) {
                body.put("keepaliveSeconds", keepaliveSeconds);
            }
            if (inboundDestination != null) {
                body.put("inboundDestination", inboundDestination);
            }
            if (registerExpires != null) {
                body.put("registerExpires", registerExpires);
            }
            return body;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a trunk; a registration trunk starts registering at once (what is not given takes the default).")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        TrunkCommand parent;
        @Parameters(paramLabel = "NAME", description = "1-64 letters, digits, '.', '_' or '-', e.g. provider")
        String name;
        @Option(names = "--kind", required = true, paramLabel = "KIND",
                description = "registration (we register at the provider) or ip (the provider is trusted by address)")
        String kind;
        @Option(names = "--host", required = true, paramLabel = "HOST", description = "the provider's SIP server")
        String host;
        @Mixin
        Fields fields;
        @Option(names = "--disabled", description = "add it disabled (no registration, no calls until enabled)")
        boolean disabled;

        @Override
        public Integer call() {
            ObjectNode body = JSON.createObjectNode().put("name", name).put("kind", kind).put("host", host);
            fields.into(body, true).put("enabled", !disabled);
            JsonNode t = read(parent.admin.client().postJson("api/trunks", body.toString()));
            System.out.println("added " + line(t));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the trunks with their registration state and the provider's last answer.")
    static final class ListTrunks implements Callable<Integer> {
        @ParentCommand
        TrunkCommand parent;

        @Override
        public Integer call() {
            JsonNode items = read(parent.admin.client().get("api/trunks")).path("items");
            String row = "%-20s %-13s %-28s %-9s %-8s %-11s %s%n";
            System.out.printf(row, "NAME", "KIND", "HOST", "TRANSPORT", "CHANNELS", "STATE", "ANSWER");
            for (JsonNode t : items) {
                JsonNode reg = t.path("registration");
                System.out.printf(row, t.path("name").asText(), t.path("kind").asText(),
                        t.path("host").asText() + ":" + t.path("port").asInt(), t.path("transport").asText(),
                        t.path("maxChannels").asInt(), state(t), dash(text(reg.path("answer"))));
            }
            System.out.printf("(%d %s)%n", items.size(), items.size() == 1 ? "trunk" : "trunks");
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one trunk and its registration.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        TrunkCommand parent;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            JsonNode t = read(parent.admin.client().find("api/trunks/" + segment(name))
                    .orElseThrow(() -> new AdminClient.ApiError("no trunk " + name)));
            System.out.printf("%s trunk %s: %s%n", t.path("kind").asText(), t.path("name").asText(), state(t));
            System.out.printf("  %-17s %s:%d%n", "host", t.path("host").asText(), t.path("port").asInt());
            System.out.printf("  %-17s %s%n", "transport", t.path("transport").asText());
            System.out.printf("  %-17s %s%n", "username", dash(t.path("username").asText()));
            System.out.printf("  %-17s %s%n", "password", dash(t.path("password").asText()));
            System.out.printf("  %-17s %s%n", "domain", t.path("domain").asText().isEmpty()
                    ? "- (the host: " + t.path("host").asText() + ")" : t.path("domain").asText());
            System.out.printf("  %-17s %s%n", "addresses", dash(addresses(t)));
            System.out.printf("  %-17s %d%n", "max channels", t.path("maxChannels").asInt());
            System.out.printf("  %-17s %d s%n", "register expires", t.path("registerExpires").asInt());
            System.out.printf("  %-17s %s%n", "inbound default", t.path("inboundDestination").asText("").isEmpty() ? "- (404)"
                    : t.path("inboundDestination").asText());
            System.out.printf("  %-17s %s%n", "codecs", t.path("codecs").isEmpty() ? "any" : codecs(t));
            System.out.printf("  %-17s %s%n", "dtmf", t.path("dtmfMode").asText("rfc4733"));
            System.out.printf("  %-17s %s%n", "record calls", t.path("recordCalls").asBoolean() ? "yes" : "no");
            System.out.printf("  %-17s %s%n", "numbers in", t.path("inboundStrip").asInt() == 0 && t.path("inboundPrepend").asText("").isEmpty()
                    ? "as sent" : "strip " + t.path("inboundStrip").asInt() + ", prepend '" + t.path("inboundPrepend").asText("") + "'");
            System.out.printf("  %-17s %s%n", "enabled", t.path("enabled").asBoolean() ? "yes" : "no");
            JsonNode reg = t.path("registration");
            if (reg.isObject()) {
                System.out.println("  registration");
                System.out.printf("    %-15s %s%n", "state", dash(text(reg.path("state"))));
                System.out.printf("    %-15s %s%n", "answer", dash(text(reg.path("answer"))));
                System.out.printf("    %-15s %s%n", "since", dash(text(reg.path("since"))));
                System.out.printf("    %-15s %s%n", "expires at", dash(text(reg.path("expiresAt"))));
                System.out.printf("    %-15s %s%n", "next attempt", dash(text(reg.path("nextAttempt"))));
                System.out.printf("    %-15s %d%n", "failures", reg.path("failures").asInt());
            } else {
                System.out.printf("  %-17s %s%n", "registration", "none (an ip trunk registers nothing)");
            }
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Change the given fields of a trunk and keep the others (the password too, unless --password).")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        TrunkCommand parent;
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--kind", paramLabel = "KIND", description = "registration or ip")
        String kind;
        @Option(names = "--host", paramLabel = "HOST", description = "the provider's SIP server")
        String host;
        @Mixin
        Fields fields;
        @Option(names = "--enabled", description = "enable it (a registration trunk registers again)")
        boolean enabled;
        @Option(names = "--disabled", description = "disable it (it unregisters and takes no calls)")
        boolean disabled;

        @Override
        public Integer call() {
            if (enabled && disabled) {
                throw new AdminClient.ApiError("--enabled and --disabled together: give one");
            }
            ObjectNode body = JSON.createObjectNode();
            if (kind != null) {
                body.put("kind", kind);
            }
            if (host != null) {
                body.put("host", host);
            }
            fields.into(body, false);
            if (enabled || disabled) {
                body.put("enabled", enabled);
            }
            if (body.isEmpty()) {
                throw new AdminClient.ApiError("nothing to change: give at least one option (see trunk set --help)");
            }
            JsonNode t = read(parent.admin.client().putJson("api/trunks/" + segment(name), body.toString()));
            System.out.println("updated " + line(t));
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = "Remove a trunk (a registration trunk stops registering).")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        TrunkCommand parent;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            if (!parent.admin.client().deleteIfPresent("api/trunks/" + segment(name))) {
                throw new AdminClient.ApiError("no trunk " + name);
            }
            System.out.println("removed trunk " + name);
            return 0;
        }
    }

    /** {@code registration trunk provider (sip.example.com:5060/udp), registering}, or an ip trunk's addresses. */
    static String line(JsonNode t) {
        String head = String.format("%s trunk %s (%s:%d/%s)", t.path("kind").asText(), t.path("name").asText(),
                t.path("host").asText(), t.path("port").asInt(), t.path("transport").asText());
        if (t.path("registration").isObject()) {
            return head + ", " + state(t);
        }
        return head + ", from " + dash(addresses(t)) + (t.path("enabled").asBoolean(true) ? "" : ", disabled");
    }

    /** The registration's state; for an ip trunk {@code ip}, or {@code disabled}. */
    private static String state(JsonNode t) {
        JsonNode reg = t.path("registration");
        if (reg.isObject()) {
            return dash(text(reg.path("state")));
        }
        return t.path("enabled").asBoolean(true) ? "ip" : "disabled";
    }

    private static String codecs(JsonNode t) {
        List<String> out = new ArrayList<>();
        t.path("codecs").forEach(c -> out.add(c.asText()));
        return String.join(",", out);
    }

    private static String addresses(JsonNode t) {
        List<String> out = new ArrayList<>();
        t.path("addresses").forEach(a -> out.add(a.asText()));
        return String.join(", ", out);
    }

    /** The node's text, empty for JSON null (an answer not yet received, no expiry) or a missing field. */
    private static String text(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? "" : n.asText();
    }

    private static String dash(String s) {
        return s.isEmpty() ? "-" : s;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AdminClient.ApiError("unreadable answer from the admin API: " + e.getMessage());
        }
    }
}
