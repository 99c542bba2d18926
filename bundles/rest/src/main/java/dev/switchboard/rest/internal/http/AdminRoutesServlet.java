package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.Permissions;
import dev.switchboard.core.api.RouteDefinition;
import dev.switchboard.core.api.RouteListing;
import dev.switchboard.core.api.Routes;
import dev.switchboard.rest.internal.json.RouteJson;
import java.io.IOException;
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
 * The routes (model aliases) of the cluster, what {@code switchboard:route-*} does ({@link Permissions}: reading
 * for admins and operators, changing for admins):
 * {@code GET /admin/routes} (all), {@code GET /admin/routes/<alias>}, {@code PUT /admin/routes/<alias>} or
 * {@code POST /admin/routes} (alias in the body) to create or replace, {@code DELETE /admin/routes/<alias>}.
 * JSON in and out ({@link RouteJson}); a bad definition is a 400 naming the field, an unknown alias a 404, a store
 * that cannot save a 503, another method on the list or on one route a 405 with {@code Allow}, all in OpenAI's
 * error shape.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-admin-routes")
@HttpWhiteboardServletPattern({AdminRoutesServlet.PATTERN, AdminRoutesServlet.ONE_PATTERN})
public final class AdminRoutesServlet extends ApiServlet {

    static final String PATTERN = "/admin/routes";
    static final String ONE_PATTERN = "/admin/routes/*";

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Routes routes;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Authenticator authenticator;

    public AdminRoutesServlet() {
        super("GET", "PUT", "POST", "DELETE");
    }

    AdminRoutesServlet(Routes routes, Authenticator authenticator) {
        this();
        this.routes = routes;
        this.authenticator = authenticator;
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException {
        Routes routes = this.routes;
        Authenticator authenticator = this.authenticator;
        if (routes == null || authenticator == null) {
            throw ApiErrors.gatewayUnavailable();
        }
        String method = request.getMethod();
        if ("GET".equals(method)) {
            Permissions.requireReadAll(BearerAuthentication.authenticate(request, authenticator));
        } else {
            Permissions.requireAdminister(BearerAuthentication.authenticate(request, authenticator));
        }
        String alias = alias(request);
        // the list takes GET and POST (the alias in the body), one route GET, PUT and DELETE
        if (alias == null) {
            ApiErrors.requireMethod(method, request.getRequestURI(), "GET", "POST");
        } else {
            ApiErrors.requireMethod(method, request.getRequestURI(), "GET", "PUT", "DELETE");
        }
        response.setContentType("application/json");
        switch (method) {
            case "GET" -> {
                if (alias == null) {
                    RouteJson.writeList(routes.routes(), response.getOutputStream());
                } else {
                    RouteJson.writeOne(find(routes, alias), response.getOutputStream());
                }
            }
            case "DELETE" -> {
                if (!removed(routes, alias)) {
                    throw notFound(alias);
                }
                RouteJson.writeDeleted(alias, response.getOutputStream());
            }
            default -> {
                RouteDefinition set = set(routes, read(request, alias));
                response.setStatus("POST".equals(method) ? HttpServletResponse.SC_CREATED : HttpServletResponse.SC_OK);
                RouteJson.writeOne(find(routes, set.alias()), response.getOutputStream());
            }
        }
    }

    private static RouteDefinition read(HttpServletRequest request, String alias) throws IOException {
        return RouteJson.read(AdminBody.object(request), alias);
    }

    private static RouteDefinition set(Routes routes, RouteDefinition route) {
        try {
            return routes.setRoute(route);
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalidRequest(null, e.getMessage());
        } catch (IllegalStateException e) {
            throw new GatewayException(503, "api_error", "store_unavailable", null,
                    "The route could not be saved; nothing changed. Try again.", null);
        }
    }

    private static boolean removed(Routes routes, String alias) {
        try {
            return routes.removeRoute(alias);
        } catch (IllegalArgumentException e) {
            throw new GatewayException(409, "invalid_request_error", "route_in_configuration", "alias",
                    e.getMessage(), null);
        } catch (IllegalStateException e) {
            throw new GatewayException(503, "api_error", "store_unavailable", null,
                    "The route could not be removed. Try again.", null);
        }
    }

    private static RouteListing find(Routes routes, String alias) {
        for (RouteListing listing : routes.routes()) {
            if (listing.definition().alias().equals(alias)) {
                return listing;
            }
        }
        throw notFound(alias);
    }

    private static GatewayException notFound(String alias) {
        return new GatewayException(404, "invalid_request_error", "route_not_found", "alias",
                "No route '" + alias + "'.", null);
    }

    /** The alias after {@code /admin/routes/}, or null for the collection itself. */
    private static String alias(HttpServletRequest request) {
        String path = request.getPathInfo();
        if (path == null || path.equals("/")) {
            return null;
        }
        return path.substring(1); // an alias may hold a slash (team/smart); core checks the name
    }
}
