package io.switchboard.signaling.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.signaling.directory.ImportReport;
import io.switchboard.signaling.directory.Page;
import io.switchboard.signaling.directory.SipUser;
import io.switchboard.signaling.directory.UserDirectory;
import io.switchboard.signaling.directory.UserDirectoryException;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/users}: provisioned SIP users. Responses never carry HA1 hashes. The CSV import
 * reads the raw request body as a stream ({@code ctx.bodyInputStream()} is the servlet stream,
 * not subject to Javalin's {@code maxRequestSize}), so a million-line file is never held whole.
 */
public final class UserRoutes implements AdminRoutes {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private final UserDirectory directory;

    public UserRoutes(UserDirectory directory) {
        this.directory = directory;
    }

    /** What the API shows of a user. */
    public record UserView(String extension, String displayName, boolean enabled) {
        static UserView of(SipUser u) {
            return new UserView(u.extension(), u.displayName(), u.enabled());
        }
    }

    public record UserList(long total, int offset, int limit, List<UserView> items) {
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/users", this::list);
        // Declared before /api/users/{ext} so that "import" is never taken for an extension.
        routes.post("/api/users/import", this::importCsv);
        routes.post("/api/users", this::create);
        routes.get("/api/users/{ext}", this::get);
        routes.put("/api/users/{ext}", this::update);
        routes.delete("/api/users/{ext}", this::delete);
    }

    /**
     * {@code ?offset=&limit=} pages by position; {@code ?q=&after=&limit=} searches (digits: extensions
     * starting so; else part of a name) and pages by key ({@code after} = the last extension shown,
     * {@code next} in the answer), which stays as fast on page 10,000 as on page 1.
     */
    private void list(Context ctx) {
        int limit = QueryParams.integer(ctx, "limit", DEFAULT_LIMIT, 0, MAX_LIMIT);
        String q = ctx.queryParam("q");
        String after = ctx.queryParam("after");
        if (q != null || after != null) {
            if (q != null && q.length() > 64) {
                throw ApiException.badRequest("q", "q must be at most 64 characters");
            }
            Page<SipUser> page = directory.search(q, after, limit);
            List<UserView> items = page.items().stream().map(UserView::of).toList();
            java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("total", page.total());
            out.put("limit", limit);
            out.put("items", items);
            out.put("next", items.size() < limit || items.isEmpty() ? null : items.get(items.size() - 1).extension());
            ctx.json(out);
            return;
        }
        int offset = QueryParams.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        Page<SipUser> page = directory.page(offset, limit);
        ctx.json(new UserList(page.total(), offset, limit, page.items().stream().map(UserView::of).toList()));
    }

    private void get(Context ctx) {
        String ext = ctx.pathParam("ext");
        SipUser user = directory.find(ext).orElseThrow(() -> ApiException.notFound("user '" + ext + "' not found"));
        ctx.json(UserView.of(user));
    }

    private void create(Context ctx) {
        ObjectNode body = AdminJson.object(ctx);
        AdminJson.onlyFields(body, "extension", "password", "displayName", "enabled");
        String extension = AdminJson.string(body, "extension")
                .orElseThrow(() -> ApiException.badRequest("extension", "extension is missing"));
        String password = AdminJson.string(body, "password")
                .orElseThrow(() -> ApiException.badRequest("password", "password is missing"));
        String displayName = AdminJson.string(body, "displayName").orElse("");
        boolean enabled = AdminJson.bool(body, "enabled").orElse(true);
        SipUser user = mapped(() -> directory.create(extension, password, displayName, enabled));
        ctx.status(201).header("Location", "/api/users/" + user.extension()).json(UserView.of(user));
    }

    private void update(Context ctx) {
        String ext = ctx.pathParam("ext");
        ObjectNode body = AdminJson.object(ctx);
        AdminJson.onlyFields(body, "password", "displayName", "enabled");
        Optional<String> password = AdminJson.string(body, "password");
        Optional<String> displayName = AdminJson.string(body, "displayName");
        Optional<Boolean> enabled = AdminJson.bool(body, "enabled");
        SipUser user = mapped(() -> directory.update(ext, password, displayName, enabled));
        ctx.json(UserView.of(user));
    }

    private void delete(Context ctx) {
        String ext = ctx.pathParam("ext");
        if (!directory.delete(ext)) {
            throw ApiException.notFound("user '" + ext + "' not found");
        }
        ctx.status(204);
    }

    private void importCsv(Context ctx) {
        ImportReport report = directory.importCsv(ctx.bodyInputStream());
        ctx.json(report);
    }

    private interface DirectoryCall {
        SipUser run();
    }

    /** The one place directory refusals become HTTP statuses. */
    private static SipUser mapped(DirectoryCall call) {
        try {
            return call.run();
        } catch (UserDirectoryException e) {
            int status = switch (e.reason()) {
                case INVALID -> 400;
                case NOT_FOUND -> 404;
                case ALREADY_EXISTS -> 409;
            };
            throw new ApiException(status, e.field(), e.getMessage());
        }
    }
}
