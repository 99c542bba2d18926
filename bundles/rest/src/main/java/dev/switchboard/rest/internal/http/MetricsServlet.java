package dev.switchboard.rest.internal.http;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.rest.internal.metrics.PrometheusExposition;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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
 * {@code GET /metrics}: core's metrics in the Prometheus text format, for an admin key only (Prometheus sends it
 * with {@code authorization: {credentials: ...}} or {@code bearer_token_file}). The figures name every instance
 * and model and count traffic and spend, which is the operator's business and nobody else's; a key of the API
 * port rather than a management port, so a deployment has one port to close and one way in.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-metrics")
@HttpWhiteboardServletPattern(MetricsServlet.PATTERN)
public final class MetricsServlet extends ApiServlet {

    static final String PATTERN = "/metrics";

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Gateway gateway;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Authenticator authenticator;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(name=switchboard)")
    private volatile MetricRegistry registry;

    /** Built once per registry (core's registry is replaced only when core restarts). */
    private transient volatile Exposed exposed;

    public MetricsServlet() {
        super("GET");
    }

    MetricsServlet(Gateway gateway, Authenticator authenticator, MetricRegistry registry) {
        this();
        this.gateway = gateway;
        this.authenticator = authenticator;
        this.registry = registry;
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException {
        Gateway gateway = this.gateway;
        Authenticator authenticator = this.authenticator;
        MetricRegistry registry = this.registry;
        if (gateway == null || authenticator == null || registry == null) {
            throw ApiErrors.gatewayUnavailable();
        }
        BearerAuthentication.authenticateAdmin(request, authenticator);
        StringWriter text = new StringWriter(8192);
        exposition(gateway, registry).write(text);
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        response.setContentType(PrometheusExposition.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private PrometheusExposition exposition(Gateway gateway, MetricRegistry registry) {
        Exposed current = exposed;
        if (current == null || current.registry != registry || current.gateway != gateway) {
            current = new Exposed(registry, gateway, new PrometheusExposition(registry, gateway::stats));
            exposed = current;
        }
        return current.exposition;
    }

    private record Exposed(MetricRegistry registry, Gateway gateway, PrometheusExposition exposition) {
    }
}
