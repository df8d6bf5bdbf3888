package io.switchboard.signaling.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.signaling.trunk.RegistrationStatus;
import io.switchboard.signaling.trunk.Trunk;
import io.switchboard.signaling.trunk.TrunkDirectory;
import io.switchboard.signaling.trunk.TrunkDirectoryException;
import io.switchboard.signaling.trunk.TrunkRegistrations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /api/trunks}: SIP trunks ({@code name, kind, host, port, transport, username, password, domain,
 * addresses, maxChannels, registerExpires, inboundDestination, keepaliveSeconds, callerId, enabled}) and, for a registration trunk, its
 * {@code registration} ({@code state} registering/registered/failed, the provider's last {@code answer},
 * {@code expiresAt}, {@code nextAttempt}, {@code failures}) and every trunk its OPTIONS {@code keepalive}
 * ({@code state} up, down, unknown before the first answer, off, disabled; the last {@code answer}, {@code since}). The password is write-only: shown as
 * {@code ********}, kept when a PUT leaves it out. Refusals name the field: 400 for a bad value or an
 * unknown field, 404 for an unknown trunk, 409 for a taken name. {@code PUT} changes the fields the
 * body gives and keeps the others.
 */
public final class TrunkRoutes implements AdminRoutes {
    private static final String[] FIELDS = {"name", "kind", "host", "port", "transport", "username", "password", "domain",
        "addresses", "maxChannels", "registerExpires", "inboundDestination", "keepaliveSeconds", "callerId", "enabled", "codecs",
        "dtmfMode", "recordCalls", "inboundStrip", "inboundPrepend"};

    private final TrunkDirectory directory;
    private final TrunkRegistrations registrations;
    private final io.switchboard.signaling.trunk.TrunkMonitor monitor;

    public TrunkRoutes(TrunkDirectory directory, TrunkRegistrations registrations, io.switchboard.signaling.trunk.TrunkMonitor monitor) {
        this.directory = directory;
        this.registrations = registrations;
        this.monitor = monitor;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/trunks", ctx -> {
            ArrayNode items = AdminJson.mapper().createArrayNode();
            directory.list().forEach(t -> items.add(view(t)));
            ctx.json(Map.of("items", items));
        });
        routes.post("/api/trunks", this::create);
        routes.get("/api/trunks/{name}", ctx -> ctx.json(view(find(ctx.pathParam("name")))));
        routes.put("/api/trunks/{name}", this::replace);
        routes.delete("/api/trunks/{name}", ctx -> {
            if (!mapped(() -> directory.delete(ctx.pathParam("name")))) {
                throw notFound(ctx.pathParam("name"));
            }
            ctx.status(204);
        });
    }

    private void create(Context ctx) {
        ObjectNode body = AdminJson.object(ctx);
        AdminJson.onlyFields(body, FIELDS);
        String name = AdminJson.string(body, "name").orElseThrow(() -> ApiException.badRequest("name", "name is missing"));
        Trunk.Kind kind = kind(body).orElseThrow(() -> ApiException.badRequest("kind", "kind is missing (registration or ip)"));
        String host = AdminJson.string(body, "host").orElseThrow(() -> ApiException.badRequest("host",
                "host is missing (the provider's SIP server)"));
        Trunk t = new Trunk(name, kind, host, AdminJson.integer(body, "port").orElse(5060), transport(body).orElse(Trunk.Transport.UDP),
                AdminJson.string(body, "username").orElse(""), AdminJson.string(body, "password").orElse(""),
                AdminJson.string(body, "domain").orElse(""), addresses(body).orElse(List.of()),
                AdminJson.integer(body, "maxChannels").orElse(Trunk.DEFAULT_MAX_CHANNELS),
                AdminJson.integer(body, "registerExpires").orElse(Trunk.DEFAULT_EXPIRES), AdminJson.string(body, "inboundDestination").orElse(""),
                AdminJson.integer(body, "keepaliveSeconds").orElse(0), AdminJson.string(body, "callerId").orElse(""),
                AdminJson.bool(body, "enabled").orElse(true), media(body, io.switchboard.signaling.trunk.TrunkMedia.ANY),
                inbound(body, io.switchboard.signaling.trunk.InboundRewrite.NONE));
        Trunk created = mapped(() -> directory.create(t));
        ctx.status(201).header("Location", "/api/trunks/" + created.name()).json(view(created));
    }

    private void replace(Context ctx) {
        String name = ctx.pathParam("name");
        ObjectNode body = AdminJson.object(ctx);
        AdminJson.onlyFields(body, FIELDS);
        AdminJson.string(body, "name").filter(n -> !n.equals(name)).ifPresent(n -> {
            throw ApiException.badRequest("name", "name '" + n + "' in the body does not match '" + name + "' in the path");
        });
        Trunk c = find(name);
        Trunk t = new Trunk(name, kind(body).orElse(c.kind()), AdminJson.string(body, "host").orElse(c.host()),
                AdminJson.integer(body, "port").orElse(c.port()), transport(body).orElse(c.transport()),
                AdminJson.string(body, "username").orElse(c.username()), AdminJson.string(body, "password").orElse(""),
                AdminJson.string(body, "domain").orElse(c.domain()), addresses(body).orElse(c.addresses()),
                AdminJson.integer(body, "maxChannels").orElse(c.maxChannels()), AdminJson.integer(body, "registerExpires").orElse(c.registerExpires()),
                AdminJson.string(body, "inboundDestination").orElse(c.inboundDestination()),
                AdminJson.integer(body, "keepaliveSeconds").orElse(c.keepaliveSeconds()),
                AdminJson.string(body, "callerId").orElse(c.callerId()), AdminJson.bool(body, "enabled").orElse(c.enabled()),
                media(body, c.media()), inbound(body, c.inbound()));
        ctx.json(view(mapped(() -> directory.replace(t))));
    }

    /** {@code codecs} (an array of encoding names, [] for any) and {@code dtmfMode} (rfc4733 or inband), over {@code current}. */
    private static io.switchboard.signaling.trunk.TrunkMedia media(ObjectNode body, io.switchboard.signaling.trunk.TrunkMedia current) {
        List<String> codecs = current.codecs();
        com.fasterxml.jackson.databind.JsonNode c = body.get("codecs");
        if (c != null && !c.isNull()) {
            if (!c.isArray()) {
                throw ApiException.badRequest("codecs", "must be an array of encoding names such as [\"PCMA\", \"PCMU\"]");
            }
            List<String> names = new java.util.ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode n : c) {
                if (!n.isTextual()) {
                    throw ApiException.badRequest("codecs", "must be an array of encoding names (strings)");
                }
                names.add(n.asText());
            }
            codecs = names;
        }
        String dtmf = AdminJson.string(body, "dtmfMode").orElse(current.dtmf().wire());
        io.switchboard.signaling.trunk.TrunkMedia.Dtmf mode = io.switchboard.signaling.trunk.TrunkMedia.Dtmf.of(dtmf)
                .orElseThrow(() -> ApiException.badRequest("dtmfMode", "must be rfc4733 or inband, got '" + dtmf + "'"));
        return new io.switchboard.signaling.trunk.TrunkMedia(codecs, mode,
                AdminJson.bool(body, "recordCalls").orElse(current.record()));
    }

    /** {@code inboundStrip} and {@code inboundPrepend}, over {@code current}. */
    private static io.switchboard.signaling.trunk.InboundRewrite inbound(ObjectNode body,
                                                                          io.switchboard.signaling.trunk.InboundRewrite current) {
        return new io.switchboard.signaling.trunk.InboundRewrite(AdminJson.integer(body, "inboundStrip").orElse(current.strip()),
                AdminJson.string(body, "inboundPrepend").orElse(current.prepend()));
    }

    private ObjectNode view(Trunk t) {
        Trunk r = t.redacted();
        ObjectNode out = AdminJson.mapper().createObjectNode();
        out.put("name", r.name()).put("kind", r.kind().wire()).put("host", r.host()).put("port", r.port())
                .put("transport", r.transport().wire()).put("username", r.username()).put("password", r.password())
                .put("domain", r.domain());
        ArrayNode a = out.putArray("addresses");
        r.addresses().forEach(a::add);
        out.put("maxChannels", r.maxChannels()).put("registerExpires", r.registerExpires())
                .put("inboundDestination", r.inboundDestination()).put("keepaliveSeconds", r.keepaliveSeconds()).put("callerId", r.callerId())
                .put("enabled", r.enabled()).put("dtmfMode", r.media().dtmf().wire()).put("recordCalls", r.media().record())
                .put("inboundStrip", r.inbound().strip()).put("inboundPrepend", r.inbound().prepend());
        ArrayNode codecs = out.putArray("codecs");
        r.media().codecs().forEach(codecs::add);
        Optional<io.switchboard.signaling.trunk.TrunkMonitor.Health> h = monitor.health(t.name());
        if (h.isEmpty()) {
            out.putObject("keepalive").put("state", !t.enabled() ? "disabled" : t.keepaliveSeconds() == 0 ? "off" : "unknown");
        } else {
            out.putObject("keepalive").put("state", h.get().state()).put("answer", h.get().answer())
                    .put("since", h.get().since().toString());
        }
        Optional<RegistrationStatus> s = registrations.status(t.name());
        if (t.kind() != Trunk.Kind.REGISTRATION) {
            out.putNull("registration");
        } else if (s.isEmpty()) {
            out.putObject("registration").put("state", t.enabled() ? "registering" : "disabled");
        } else {
            RegistrationStatus st = s.get();
            ObjectNode reg = out.putObject("registration");
            reg.put("state", st.state()).put("answer", st.answer()).put("since", st.since().toString())
                    .put("failures", st.failures());
            if (st.expiresAt() == null) {
                reg.putNull("expiresAt");
            } else {
                reg.put("expiresAt", st.expiresAt().toString());
            }
            reg.put("nextAttempt", st.nextAttempt().toString());
        }
        return out;
    }

    private static Optional<Trunk.Kind> kind(ObjectNode body) {
        return AdminJson.string(body, "kind").map(k -> Trunk.Kind.of(k).orElseThrow(() -> ApiException.badRequest("kind",
                "unknown kind '" + k + "' (expected registration or ip)")));
    }

    private static Optional<Trunk.Transport> transport(ObjectNode body) {
        return AdminJson.string(body, "transport").map(k -> Trunk.Transport.of(k).orElseThrow(() -> ApiException.badRequest(
                "transport", "unknown transport '" + k + "' (expected udp, tcp or tls)")));
    }

    private static Optional<List<String>> addresses(ObjectNode body) {
        JsonNode v = body.get("addresses");
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (v.isTextual()) {
            return Optional.of(v.asText().isBlank() ? List.of() : List.of(v.asText().trim().split("\\s*,\\s*")));
        }
        if (!v.isArray()) {
            throw ApiException.badRequest("addresses", "addresses must be a list of IP addresses or CIDR networks");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw ApiException.badRequest("addresses", "addresses must be a list of strings");
            }
            out.add(e.asText().trim());
        }
        return Optional.of(out);
    }


    private Trunk find(String name) {
        return directory.get(name).orElseThrow(() -> notFound(name));
    }

    private static ApiException notFound(String name) {
        return new ApiException(404, "name", "trunk " + name + " not found");
    }

    private static <T> T mapped(Supplier<T> call) {
        try {
            return call.get();
        } catch (TrunkDirectoryException e) {
            int status = switch (e.reason()) {
                case INVALID -> 400;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
            };
            throw new ApiException(status, e.field(), e.getMessage());
        }
    }
}
