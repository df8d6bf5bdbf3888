package io.switchboard.signaling.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.common.ivr.IvrApp;
import io.switchboard.common.ivr.IvrAppParser;
import io.switchboard.common.ivr.IvrApps;
import io.switchboard.common.ivr.IvrDefinitionException;
import io.switchboard.common.ivr.IvrNumberTakenException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /api/ivr}: IVR applications, written and read as YAML (format in ivr-server/README-ivr.md).
 *
 * <p>A definition that does not validate is refused with 400 and every problem with its line:
 * {@code {"error": "...", "field": "body", "problems": [{"line": 12, "reason": "..."}]}}. That body
 * is written here rather than by {@link AdminServer}'s mapping because {@link ApiException} carries
 * one field and one message; its first two members keep the shape every other error has.
 */
public final class IvrRoutes implements AdminRoutes {
    static final String YAML = "application/yaml";
    private static final List<String> YAML_TYPES = List.of(YAML, "text/yaml", "application/x-yaml", "text/x-yaml");

    private final IvrApps apps;
    private final Supplier<Set<String>> prompts;

    private final java.util.function.Predicate<String> isUserExtension;

    /** @param prompts the prompt names that exist now, asked on every write */
    public IvrRoutes(IvrApps apps, Supplier<Set<String>> prompts) {
        this(apps, prompts, number -> false);
    }

    /** @param isUserExtension whether a user holds this number: an IVR on it would shadow the user */
    public IvrRoutes(IvrApps apps, Supplier<Set<String>> prompts, java.util.function.Predicate<String> isUserExtension) {
        this.apps = apps;
        this.prompts = prompts;
        this.isUserExtension = isUserExtension;
    }

    /** What the list shows of an application. */
    public record IvrAppView(String name, String number, int menus, int version) {
        static IvrAppView of(IvrApp app) {
            return new IvrAppView(app.name(), app.number(), app.menus().size(), app.version());
        }
    }

    /** One problem of a refused definition. */
    public record ProblemView(int line, String reason) {
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/ivr", ctx -> ctx.json(Map.of("items", apps.all().stream().map(IvrAppView::of).toList())));
        routes.get("/api/ivr/{name}", this::get);
        routes.put("/api/ivr/{name}", this::put);
        routes.delete("/api/ivr/{name}", this::delete);
    }

    private void get(Context ctx) {
        IvrApp app = find(ctx.pathParam("name"));
        ctx.header("ETag", "\"" + app.version() + "\"").contentType(YAML + "; charset=utf-8").result(app.source());
    }

    private void put(Context ctx) {
        String name = ctx.pathParam("name");
        requireYaml(ctx.contentType());
        String body = ctx.body();
        if (body.isBlank()) {
            throw ApiException.badRequest("body", "request body is empty (expected the application's YAML)");
        }
        IvrApp app;
        try {
            app = IvrAppParser.parse(body, prompts.get());
        } catch (IvrDefinitionException e) {
            refuse(ctx, e);
            return;
        }
        if (!app.name().equals(name)) {
            throw ApiException.badRequest("name", "name '" + app.name() + "' in the definition does not match '"
                    + name + "' in the path");
        }
        if (isUserExtension.test(app.number())) {
            throw ApiException.conflict("number", "number " + app.number() + " is the extension of a user:"
                    + " choose another number or remove the user");
        }
        IvrApp stored;
        try {
            stored = apps.put(app);
        } catch (IvrNumberTakenException e) {
            throw ApiException.conflict("number", e.getMessage());
        }
        if (stored.version() == 1) {
            ctx.status(201).header("Location", "/api/ivr/" + name);
        }
        ctx.json(IvrAppView.of(stored));
    }

    private void delete(Context ctx) {
        String name = ctx.pathParam("name");
        if (!apps.delete(name)) {
            throw ApiException.notFound("IVR application '" + name + "' not found");
        }
        ctx.status(204);
    }

    private IvrApp find(String name) {
        return apps.get(name).orElseThrow(() -> ApiException.notFound("IVR application '" + name + "' not found"));
    }

    /**
     * A missing Content-Type is taken as YAML; any other type is refused, curl's default
     * (form encoding, with -d / --data-binary) included, so the message tells the operator what to send.
     */
    private static void requireYaml(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!YAML_TYPES.contains(type)) {
            throw new ApiException(415, "Content-Type", "Content-Type '" + type + "' is not YAML (expected "
                    + String.join(" or ", YAML_TYPES) + ")");
        }
    }

    private static void refuse(Context ctx, IvrDefinitionException e) {
        List<ProblemView> problems = e.problems().stream().map(p -> new ProblemView(p.line(), p.reason())).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "the IVR definition has " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + ": " + e.problems().get(0) + (problems.size() > 1 ? "; ..." : ""));
        body.put("field", "body");
        body.put("problems", problems);
        ctx.status(400).json(body);
    }
}
