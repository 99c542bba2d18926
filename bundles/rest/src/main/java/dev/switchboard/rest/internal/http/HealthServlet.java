package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.HealthReport;
import dev.switchboard.rest.internal.json.HealthWriter;
import java.io.IOException;
import java.util.List;
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
 * {@code GET /health} (200 when ready, 503 when not) and {@code GET /health/live} (200 while the process
 * answers). No authentication: load balancers and orchestrators call these.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-health")
@HttpWhiteboardServletPattern({HealthServlet.HEALTH_PATTERN, HealthServlet.LIVE_PATTERN})
public final class HealthServlet extends ApiServlet {

    static final String HEALTH_PATTERN = "/health";
    static final String LIVE_PATTERN = "/health/live";

    private static final long serialVersionUID = 1L;
    private static final HealthWriter WRITER = new HealthWriter();
    private static final HealthReport CORE_ABSENT =
            new HealthReport(false, false, List.of(), List.of(), List.of(), List.of(), List.of(), null, 0);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Gateway gateway;

    public HealthServlet() {
        super("GET");
    }

    HealthServlet(Gateway gateway) {
        this();
        this.gateway = gateway;
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException {
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        if (LIVE_PATTERN.equals(request.getServletPath())) {
            WRITER.writeLive(response.getOutputStream());
            return;
        }
        Gateway gateway = this.gateway;
        HealthReport report = gateway == null ? CORE_ABSENT : gateway.health();
        response.setStatus(report.ready() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        WRITER.write(report, response.getOutputStream());
    }
}
