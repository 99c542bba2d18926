package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.rest.internal.json.StatsWriter;
import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /admin/stats}: what {@code switchboard:stats} shows, as JSON, for an admin key only. Errors are in
 * OpenAI's shape like every other endpoint of this bundle, so a client needs one error reader.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-admin-stats")
@HttpWhiteboardServletPattern(AdminStatsServlet.PATTERN)
public final class AdminStatsServlet extends GatewayServlet {

    static final String PATTERN = "/admin/stats";

    private static final long serialVersionUID = 1L;
    private static final StatsWriter WRITER = new StatsWriter();

    public AdminStatsServlet() {
        super("GET");
    }

    AdminStatsServlet(Gateway gateway, Authenticator authenticator) {
        super(gateway, authenticator, "GET");
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException {
        Gateway gateway = this.gateway;
        Authenticator authenticator = this.authenticator;
        if (gateway == null || authenticator == null) {
            throw ApiErrors.gatewayUnavailable();
        }
        BearerAuthentication.authenticateAdmin(request, authenticator);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        WRITER.write(gateway.stats(), response.getOutputStream());
    }
}
