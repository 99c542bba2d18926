package dev.switchboard.rest.internal.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.quota.QuotaUsage;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.LimitDefinitions;
import dev.switchboard.core.api.Limits;
import dev.switchboard.core.api.Permissions;
import dev.switchboard.rest.internal.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Limits and budgets for operators, as JSON:
 * <ul>
 *   <li>{@code GET /admin/limits} (every strategy; {@code ?strategy=}, {@code ?scope=} filter) and
 *       {@code GET /admin/budgets} (strategy {@code budget}): each limit's use now ({@code data}) and the
 *       definitions ({@code definitions});</li>
 *   <li>{@code PUT /admin/limits/<name>} / {@code PUT /admin/budgets/<name>} with
 *       {@code {"definition": "name=<name>; scope=...; ...", "strategy": "rate-limit"}} (strategy: {@code rate-limit}
 *       by default under /admin/limits, always {@code budget} under /admin/budgets): adds or replaces it;</li>
 *   <li>{@code DELETE /admin/limits/<name>}: removes the definition; {@code POST /admin/limits/<name>/reset}: sets
 *       its current window or period to zero.</li>
 * </ul>
 * A bad body or definition is a 400 saying what is wrong, an unknown limit or strategy a 404, another method on one
 * of these paths a 405 (with {@code Allow}), any other path a 404. Admin keys only
 * ({@link #authorize}: the one place to swap for role-based permissions).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-admin-limits")
@HttpWhiteboardServletPattern({AdminLimitsServlet.LIMITS, AdminLimitsServlet.LIMITS + "/*", AdminLimitsServlet.BUDGETS,
        AdminLimitsServlet.BUDGETS + "/*"})
public final class AdminLimitsServlet extends ApiServlet {

    static final String LIMITS = "/admin/limits";
    static final String BUDGETS = "/admin/budgets";
    static final String BUDGET_STRATEGY = "budget";
    static final String DEFAULT_LIMIT_STRATEGY = "rate-limit";
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Limits limits;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile LimitDefinitions definitions;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Authenticator authenticator;

    public AdminLimitsServlet() {
        super("GET", "PUT", "DELETE", "POST");
    }

    AdminLimitsServlet(Limits limits, LimitDefinitions definitions, Authenticator authenticator) {
        this();
        this.limits = limits;
        this.definitions = definitions;
        this.authenticator = authenticator;
    }

    /**
     * Who may read and change limits ({@link Permissions}): reading spans tenants (admin, operator); resetting a
     * limit's usage is an operation (admin, operator, like the shell's {@code quota-reset}); defining or removing
     * one changes the gateway's configuration (admin only: a tenant-admin must not raise its own tenant's limit).
     */
    private void authorize(HttpServletRequest request, Authenticator authenticator) {
        Caller caller = BearerAuthentication.authenticate(request, authenticator);
        String method = request.getMethod();
        if ("GET".equals(method)) {
            Permissions.requireReadAll(caller);
        } else if ("POST".equals(method)) {
            Permissions.requireOperate(caller);
        } else {
            Permissions.requireAdminister(caller);
        }
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException {
        Limits limits = this.limits;
        LimitDefinitions definitions = this.definitions;
        Authenticator authenticator = this.authenticator;
        if (limits == null || definitions == null || authenticator == null) {
            throw ApiErrors.gatewayUnavailable();
        }
        authorize(request, authenticator);
        boolean budgets = request.getServletPath().startsWith(BUDGETS);
        String[] path = pathParts(request);
        String method = request.getMethod();
        response.setContentType("application/json");
        String[] allowed = allowedOn(path);
        if (allowed == null) {
            throw ApiErrors.unknownPath(method, request.getRequestURI());
        }
        ApiErrors.requireMethod(method, request.getRequestURI(), allowed);
        if (path.length == 0) {
            String strategy = budgets ? BUDGET_STRATEGY : blankToNull(request.getParameter("strategy"));
            list(limits, definitions, strategy, blankToNull(request.getParameter("scope")), response);
        } else if ("PUT".equals(method)) {
            define(definitions, budgets, path[0], request, response);
        } else if (path.length == 1) {
            String strategy = strategyOf(budgets, request.getParameter("strategy"));
            if (!removed(definitions, strategy, path[0])) {
                throw notFound(strategy, path[0]);
            }
            write(response, json -> {
                json.writeStringField("name", path[0]);
                json.writeBooleanField("deleted", true);
            });
        } else {
            String strategy = budgets ? BUDGET_STRATEGY : blankToNull(request.getParameter("strategy"));
            if (!limits.resetLimit(strategy, path[0])) {
                throw notFound(strategy, path[0]);
            }
            write(response, json -> {
                json.writeStringField("name", path[0]);
                json.writeBooleanField("reset", true);
            });
        }
    }

    /** The methods a path shape takes ({@code Allow}), null for a shape this servlet does not serve (a 404). */
    private static String[] allowedOn(String[] path) {
        if (path.length == 0) {
            return new String[] {"GET"};
        } else if (path.length == 1) {
            return new String[] {"PUT", "DELETE"};
        } else if (path.length == 2 && "reset".equals(path[1])) {
            return new String[] {"POST"};
        }
        return null;
    }

    private static void list(Limits limits, LimitDefinitions definitions, String strategy, String scope,
                             HttpServletResponse response) throws IOException {
        List<QuotaUsage> usage = limits.limits().stream()
                .filter(u -> strategy == null || strategy.equals(u.strategy()))
                .filter(u -> scope == null || u.scope().contains(scope)).toList();
        List<LimitDefinitions.Definition> defined = definitions.definitions(strategy);
        write(response, json -> {
            json.writeStringField("object", "list");
            json.writeArrayFieldStart("data");
            for (QuotaUsage u : usage) {
                json.writeStartObject();
                json.writeStringField("strategy", u.strategy());
                json.writeStringField("name", u.name());
                json.writeStringField("scope", u.scope());
                json.writeStringField("dimension", u.dimension());
                json.writeStringField("window", u.period());
                json.writeNumberField("used", u.used());
                json.writeNumberField("reserved", u.reserved());
                json.writeNumberField("limit", u.limit());
                json.writeStringField("mode", u.mode());
                if (u.resetsAt() != null) {
                    json.writeStringField("resets_at", u.resetsAt().toString());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("definitions");
            for (LimitDefinitions.Definition definition : defined) {
                json.writeStartObject();
                json.writeStringField("strategy", definition.strategy());
                json.writeStringField("name", definition.name());
                json.writeStringField("definition", definition.text());
                json.writeStringField("source", definition.source());
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    private static void define(LimitDefinitions definitions, boolean budgets, String name, HttpServletRequest request,
                               HttpServletResponse response) throws IOException {
        JsonNode body = AdminBody.object(request);
        JsonNode text = body.get("definition");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            throw GatewayException.invalidRequest("definition", "The body needs \"definition\": the limit as its"
                    + " configuration writes it, e.g. \"name=" + name + "; scope=tenant:acme; ...\".");
        }
        JsonNode strategyField = body.get("strategy");
        if (strategyField != null && !strategyField.isTextual()) {
            throw GatewayException.invalidRequest("strategy", "\"strategy\" must be a string.");
        }
        String strategy = strategyOf(budgets, strategyField == null ? null : strategyField.asText());
        LimitDefinitions.Definition defined;
        try {
            if (!name.equals(nameIn(text.asText()))) {
                throw new IllegalArgumentException("the definition's name must be '" + name + "', as in the path");
            }
            defined = definitions.define(strategy, text.asText());
        } catch (NoSuchElementException e) {
            throw new GatewayException(404, "invalid_request_error", "strategy_not_found", "strategy", e.getMessage(),
                    null);
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalidRequest("definition", "Invalid definition: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw conflict(e);
        }
        write(response, json -> {
            json.writeStringField("strategy", defined.strategy());
            json.writeStringField("name", defined.name());
            json.writeStringField("definition", defined.text());
            json.writeStringField("source", defined.source());
        });
    }

    /** The {@code name=} of a definition, before the strategy reads the rest. */
    static String nameIn(String definition) {
        for (String part : definition.split(";")) {
            String item = part.trim();
            if (item.startsWith("name=")) {
                return item.substring("name=".length()).trim();
            }
        }
        return null;
    }

    private static boolean removed(LimitDefinitions definitions, String strategy, String name) {
        try {
            return definitions.remove(strategy, name);
        } catch (NoSuchElementException e) {
            throw new GatewayException(404, "invalid_request_error", "strategy_not_found", "strategy", e.getMessage(),
                    null);
        } catch (IllegalStateException e) {
            throw conflict(e);
        }
    }

    /** A file definition of this node removed through the API, or a store that could not save: 409. */
    private static GatewayException conflict(IllegalStateException e) {
        return new GatewayException(409, "invalid_request_error", "limit_conflict", null, e.getMessage(), null);
    }

    private static String strategyOf(boolean budgets, String asked) {
        if (budgets) {
            if (asked != null && !asked.isBlank() && !asked.equals(BUDGET_STRATEGY)) {
                throw GatewayException.invalidRequest("strategy", "Under " + BUDGETS + " the strategy is '"
                        + BUDGET_STRATEGY + "'.");
            }
            return BUDGET_STRATEGY;
        }
        return asked == null || asked.isBlank() ? DEFAULT_LIMIT_STRATEGY : asked;
    }

    private static GatewayException notFound(String strategy, String name) {
        return new GatewayException(404, "invalid_request_error", "limit_not_found", null, "No limit named '" + name
                + "'" + (strategy == null ? "" : " in strategy '" + strategy + "'") + ".", null);
    }

    /** The path after the servlet's pattern, split at slashes: [] for the collection, [name], [name, reset]. */
    private static String[] pathParts(HttpServletRequest request) {
        String info = request.getPathInfo();
        if (info == null || info.equals("/") || info.isEmpty()) {
            return new String[0];
        }
        String[] parts = info.substring(1).split("/");
        for (String part : parts) {
            if (part.isEmpty() || !part.matches("[A-Za-z0-9._-]{1,64}")) {
                throw GatewayException.invalidRequest(null, "A limit's name is 1-64 of A-Z a-z 0-9 . _ -.");
            }
        }
        return parts;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private static void write(HttpServletResponse response, Fields fields) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(512);
        try (JsonGenerator json = Json.generator(bytes)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        }
        response.setContentLength(bytes.size());
        bytes.writeTo(response.getOutputStream());
    }
}
