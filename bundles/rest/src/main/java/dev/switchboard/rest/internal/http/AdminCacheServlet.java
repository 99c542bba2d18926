package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.Permissions;
import dev.switchboard.rest.internal.json.CacheStatsWriter;
import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /admin/cache}: each bound cache's counters and the gateway's per level (hits, hit ratio, tokens
 * and cost saved), as {@code switchboard:cache-stats} prints them; {@code DELETE /admin/cache?tenant=&model=}:
 * what {@code switchboard:cache-clear} does. Admin and operator keys only.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-admin-cache")
@HttpWhiteboardServletPattern(AdminCacheServlet.PATTERN)
public final class AdminCacheServlet extends GatewayServlet {

    static final String PATTERN = "/admin/cache";

    private static final long serialVersionUID = 1L;
    private static final CacheStatsWriter WRITER = new CacheStatsWriter();

    public AdminCacheServlet() {
        super("GET", "DELETE");
    }

    AdminCacheServlet(Gateway gateway, Authenticator authenticator) {
        super(gateway, authenticator, "GET", "DELETE");
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException {
        Gateway gateway = this.gateway;
        Authenticator authenticator = this.authenticator;
        if (gateway == null || authenticator == null) {
            throw ApiErrors.gatewayUnavailable();
        }
        Caller caller = BearerAuthentication.authenticate(request, authenticator);
        // reading counters spans tenants; clearing is a provider operation: admins and operators both
        if (!Permissions.mayReadAll(caller) || ("DELETE".equals(request.getMethod()) && !Permissions.mayOperate(caller))) {
            throw ApiErrors.adminRequired();
        }
        response.setContentType("application/json");
        if ("DELETE".equals(request.getMethod())) {
            WRITER.writeCleared(gateway.clearCache(blankToNull(request.getParameter("tenant")),
                    blankToNull(request.getParameter("model"))), response.getOutputStream());
        } else {
            WRITER.write(gateway.stats(), response.getOutputStream());
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
