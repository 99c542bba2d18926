package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.HealthReport;
import dev.switchboard.core.api.WarmUpCalls;
import dev.switchboard.rest.internal.json.HealthWriter;
import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /health} (200 when ready, 503 when not) and {@code GET /health/live} (200 while the process
 * answers). Without a key they say only live and ready, which is what load balancers and orchestrators need;
 * what is bound (providers, instances, plugins) only to a caller with a valid key, since it maps the
 * deployment for an attacker. A wrong key is a 401 like anywhere else (and counts as a failed authentication).
 * Ready also means the API answers on this listener: until {@link DataPlaneProbe} has once seen
 * {@code /v1/chat/completions} served, a ready core is reported not ready; and then until the start-up warm-up
 * ({@link WarmUpGate}, {@code warmup.*} in {@link RestConfig}) has run its requests through this listener, with
 * {@code "warming_up": true} in the body meanwhile. {@code /health/live} answers throughout.
 */
@Component(service = Servlet.class, configurationPid = RestConfig.PID)
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

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Authenticator authenticator;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile WarmUpCalls warmUpCalls;

    /** the mock provider's configuration, to know whether a mock model is still to come for the warm-up */
    private volatile InstanceConfigurations configurations;
    /** whether a mock model is to come (tests replace it) */
    transient BooleanSupplier mockExpected = this::mockConfiguredOn;

    /** latched: once the API has answered on this listener it stays registered while this component lives */
    private volatile boolean dataPlaneServing;
    private final transient ServingProbe probe;
    private final transient WarmUpGate warmUp;
    /** off until configured: the servlets of unit tests are ready without one */
    private volatile WarmUpGate.Settings warmUpSettings = WarmUpGate.Settings.OFF;

    /** whether the API answers on {@code host:port} (the listener of the health request) */
    interface ServingProbe {
        boolean serving(String host, int port);
    }

    public HealthServlet() {
        this(DataPlaneProbe::serving);
    }

    HealthServlet(ServingProbe probe) {
        this(probe, new WarmUpGate());
    }

    HealthServlet(ServingProbe probe, WarmUpGate warmUp) {
        super("GET");
        this.probe = probe;
        this.warmUp = warmUp;
    }

    /** With a warm-up: {@code calls} core's credentials, {@code settings} how much. */
    HealthServlet(Gateway gateway, Authenticator authenticator, ServingProbe probe, WarmUpCalls calls,
                  WarmUpGate warmUp, WarmUpGate.Settings settings) {
        this(probe, warmUp);
        this.gateway = gateway;
        this.authenticator = authenticator;
        this.warmUpCalls = calls;
        this.warmUpSettings = settings;
    }

    @Activate
    @Modified
    void configure(RestConfig config) {
        warmUpSettings = new WarmUpGate.Settings(config.warmup_requests(), config.warmup_max_ms(),
                config.warmup_connections());
    }

    @Deactivate
    void deactivate() {
        warmUp.stop();
    }

    HealthServlet(Gateway gateway, Authenticator authenticator) {
        this(gateway, authenticator, DataPlaneProbe::serving);
    }

    HealthServlet(Gateway gateway, Authenticator authenticator, ServingProbe probe) {
        this(probe);
        this.gateway = gateway;
        this.authenticator = authenticator;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindConfigurationAdmin")
    void bindConfigurationAdmin(ConfigurationAdmin admin) {
        this.configurations = InstanceConfigurations.of(admin);
    }

    void unbindConfigurationAdmin(ConfigurationAdmin admin) {
        this.configurations = null;
    }

    /** Whether {@code etc/dev.switchboard.provider.mock.cfg} exists and does not say {@code enabled = false}. */
    boolean mockConfiguredOn() {
        InstanceConfigurations instances = configurations;
        if (instances == null) {
            return false;
        }
        try {
            return instances.providerConfiguredOn(WarmUpGate.MOCK);
        } catch (IOException | RuntimeException e) {
            return false;
        }
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
        boolean detail = request.getHeader("Authorization") != null && authenticated(request);
        Gateway gateway = this.gateway;
        HealthReport report = gateway == null ? CORE_ABSENT : gateway.health();
        boolean warming = false;
        if (report.ready() && !dataPlaneServing(request)) {
            report = notYet(report);
        } else if (report.ready() && !warmUp.finished(warmUpSettings, gateway, warmUpCalls, request.getLocalAddr(),
                request.getLocalPort(), mockExpected)) {
            report = notYet(report);
            warming = true;
        }
        response.setStatus(report.ready() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        if (detail) {
            WRITER.write(report, warming, response.getOutputStream());
        } else {
            WRITER.writeSummary(report, warming, response.getOutputStream());
        }
    }

    private boolean dataPlaneServing(HttpServletRequest request) {
        if (!dataPlaneServing && authenticator != null && probe.serving(request.getLocalAddr(), request.getLocalPort())) {
            dataPlaneServing = true;
        }
        return dataPlaneServing;
    }

    private static HealthReport notYet(HealthReport r) {
        return new HealthReport(false, r.gridUp(), r.providerTypes(), r.instances(), r.caches(), r.quotas(),
                r.selectionStrategies(), r.activeSelectionStrategy(), r.models(), r.providerBundles(),
                r.failedInstances(), r.unresolvedBundles(), r.unservedModels());
    }

    /** A presented key must be valid; while core (and so the key ring) is absent, nobody gets the detail. */
    private boolean authenticated(HttpServletRequest request) {
        Authenticator authenticator = this.authenticator;
        if (authenticator == null) {
            return false;
        }
        BearerAuthentication.authenticate(request, authenticator);
        return true;
    }
}
