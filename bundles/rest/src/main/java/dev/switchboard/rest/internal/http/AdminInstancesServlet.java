package dev.switchboard.rest.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.CircuitReport;
import dev.switchboard.core.api.Circuits;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.HealthReport;
import dev.switchboard.core.api.ModelListing;
import dev.switchboard.core.api.Permissions;
import dev.switchboard.core.api.ProviderCheckReport;
import dev.switchboard.core.api.ProviderChecks;
import dev.switchboard.rest.internal.json.InstanceListWriter;
import dev.switchboard.rest.internal.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provider instances for operators: {@code GET /admin/instances} lists them (type, models, circuit, where defined);
 * {@code POST /admin/instances} adds an operator-defined instance as a {@code dev.switchboard.instance} factory
 * configuration, exactly what a file in etc/ makes (so it persists and is read the same way);
 * {@code DELETE /admin/instances/{id}} deletes such a configuration; {@code POST /admin/instances/{id}/test} checks
 * one now ({@code switchboard:provider-test}; {@code ?chat=true} allows a billed one-token chat). An instance's
 * API key is never written back nor logged: an answer says {@code "***"}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-admin-instances")
@HttpWhiteboardServletPattern({AdminInstancesServlet.PATTERN, AdminInstancesServlet.PATTERN + "/*"})
public final class AdminInstancesServlet extends ApiServlet {

    static final String PATTERN = "/admin/instances";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AdminInstancesServlet.class);
    private static final InstanceListWriter WRITER = new InstanceListWriter();
    private static final long TEST_TIMEOUT_SECONDS = 60;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Gateway gateway;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Authenticator authenticator;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Circuits circuits;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ProviderChecks checks;

    private volatile InstanceConfigurations configurations;

    public AdminInstancesServlet() {
        super("GET", "POST", "DELETE");
    }

    AdminInstancesServlet(Gateway gateway, Authenticator authenticator, Circuits circuits, ProviderChecks checks,
                          InstanceConfigurations configurations) {
        this();
        this.gateway = gateway;
        this.authenticator = authenticator;
        this.circuits = circuits;
        this.checks = checks;
        this.configurations = configurations;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindConfigurationAdmin")
    void bindConfigurationAdmin(ConfigurationAdmin admin) {
        this.configurations = InstanceConfigurations.of(admin);
    }

    void unbindConfigurationAdmin(ConfigurationAdmin admin) {
        this.configurations = null;
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
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String method = request.getMethod();
        response.setHeader("Cache-Control", "no-store");
        if (path.isEmpty() || path.equals("/")) {
            ApiErrors.requireMethod(method, request.getRequestURI(), "GET", "POST");
            if ("GET".equals(method)) {
                requireOperator(caller);
                list(gateway, response);
            } else {
                requireAdmin(caller);
                add(gateway, caller, request, response);
            }
            return;
        }
        String[] parts = path.substring(1).split("/", -1);
        String id = parts[0];
        if (!ID.matcher(id).matches() || parts.length > 2 || (parts.length == 2 && !parts[1].equals("test"))) {
            throw ApiErrors.unknownPath(method, request.getRequestURI());
        }
        if (parts.length == 2) {
            ApiErrors.requireMethod(method, request.getRequestURI(), "POST");
            requireOperator(caller);
            test(id, "true".equalsIgnoreCase(request.getParameter("chat")), response);
        } else {
            ApiErrors.requireMethod(method, request.getRequestURI(), "DELETE");
            requireAdmin(caller);
            remove(gateway, caller, id, response);
        }
    }

    /** Listing and testing instances: an operator's ({@link Permissions#mayOperate}: admin and operator). */
    static void requireOperator(Caller caller) {
        Permissions.requireOperate(caller);
    }

    /** Adding and removing instances: an admin's only ({@link Permissions#mayAdminister}). */
    static void requireAdmin(Caller caller) {
        Permissions.requireAdminister(caller);
    }

    private void list(Gateway gateway, HttpServletResponse response) throws IOException {
        HealthReport health = gateway.health();
        Map<String, String> typeOf = new LinkedHashMap<>();
        Map<String, List<String>> modelsOf = new LinkedHashMap<>();
        for (ModelListing listing : gateway.models()) {
            List<String> instances = listing.instanceIds();
            boolean typed = listing.providerTypes().size() == instances.size();
            for (int i = 0; i < instances.size(); i++) {
                modelsOf.computeIfAbsent(instances.get(i), k -> new ArrayList<>()).add(listing.model().id());
                if (typed) {
                    typeOf.putIfAbsent(instances.get(i), listing.providerTypes().get(i));
                }
            }
        }
        Map<String, CircuitReport> circuitOf = new LinkedHashMap<>();
        Circuits circuits = this.circuits;
        if (circuits != null) {
            for (CircuitReport circuit : circuits.circuits()) {
                circuitOf.put(circuit.instanceId(), circuit);
            }
        }
        Map<String, String> pids = Map.of();
        InstanceConfigurations configurations = this.configurations;
        if (configurations != null) {
            pids = configurations.pidsById();
        }
        Map<String, HealthReport.FailedInstance> failed = new LinkedHashMap<>();
        for (HealthReport.FailedInstance failure : health.failedInstances()) {
            failed.put(failure.instanceId(), failure);
        }
        TreeSet<String> ids = new TreeSet<>(health.instances());
        ids.addAll(pids.keySet());
        ids.addAll(failed.keySet());
        List<InstanceListWriter.Row> rows = new ArrayList<>();
        for (String id : ids) {
            CircuitReport circuit = circuitOf.get(id);
            HealthReport.FailedInstance failure = failed.get(id);
            String pid = pids.get(id);
            String type = typeOf.getOrDefault(id, failure == null ? null : failure.providerType());
            rows.add(new InstanceListWriter.Row(id, type, modelsOf.getOrDefault(id, List.of()),
                    health.instances().contains(id), circuit == null ? null : circuit.state(),
                    circuit == null ? 0 : circuit.failureRate(), pid, source(configurations, pid),
                    failure == null ? null : failure.reason()));
        }
        response.setContentType("application/json");
        WRITER.writeList(rows, response.getOutputStream());
    }

    private static String source(InstanceConfigurations configurations, String pid) throws IOException {
        if (pid == null) {
            return "provider"; // defined in its provider type's own configuration
        }
        return configurations.fromFile(pid) ? "file" : "configuration";
    }

    private void add(Gateway gateway, Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        InstanceConfigurations configurations = requireConfigurations();
        JsonNode body = AdminBody.object(request);
        HealthReport health = gateway.health();
        InstanceRequest asked = InstanceRequest.read(body, health.providerTypes());
        if (health.instances().contains(asked.id()) || configurations.pidsById().containsKey(asked.id())) {
            throw new GatewayException(409, "invalid_request_error", "instance_exists", "id",
                    "An instance '" + asked.id() + "' exists already.", null);
        }
        String pid = configurations.create(asked.id(), asked.properties());
        // id, type and who: never the key, never a setting's value
        LOG.info("Provider instance '{}' ({}) added through the admin API by key {}", asked.id(), asked.type(),
                caller.keyId());
        Map<String, String> shown = new LinkedHashMap<>();
        asked.settings().forEach((key, value) -> shown.put(key, InstanceRequest.secret(key)
                ? InstanceRequest.REDACTED : value));
        response.setStatus(201);
        response.setHeader("Location", PATTERN + "/" + asked.id());
        response.setContentType("application/json");
        WRITER.writeAdded(asked.id(), asked.type(), asked.baseUrl(), asked.apiKey() != null, asked.models(),
                asked.weight(), shown, pid, response.getOutputStream());
    }

    private void remove(Gateway gateway, Caller caller, String id, HttpServletResponse response) throws IOException {
        InstanceConfigurations configurations = requireConfigurations();
        if (!configurations.delete(id)) {
            if (gateway.health().instances().contains(id)) {
                throw new GatewayException(409, "invalid_request_error", "not_operator_defined", "id",
                        "Instance '" + id + "' is defined by its provider's own configuration, not as a "
                                + "dev.switchboard.instance; change that configuration to remove it.", null);
            }
            throw noSuchInstance(id);
        }
        LOG.info("Provider instance '{}' removed through the admin API by key {}", id, caller.keyId());
        response.setContentType("application/json");
        WRITER.writeDeleted(id, response.getOutputStream());
    }

    private void test(String id, boolean chat, HttpServletResponse response) throws IOException {
        ProviderChecks checks = this.checks;
        if (checks == null) {
            throw ApiErrors.gatewayUnavailable();
        }
        ProviderCheckReport report;
        try {
            // an operator's action, rare: waiting on this thread is simpler than an async answer and costs no one
            report = checks.test(id, chat).toCompletableFuture().get(TEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException) {
                throw noSuchInstance(id);
            }
            throw new GatewayException(502, "api_error", "check_failed", null,
                    "The check of instance '" + id + "' failed inside the gateway.", null);
        } catch (IllegalArgumentException e) {
            throw noSuchInstance(id);
        } catch (TimeoutException e) {
            throw new GatewayException(504, "api_error", "timeout", null,
                    "The check of instance '" + id + "' took longer than " + TEST_TIMEOUT_SECONDS + " s.", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiErrors.gatewayUnavailable();
        }
        response.setContentType("application/json");
        WRITER.writeTest(report, response.getOutputStream());
    }

    private InstanceConfigurations requireConfigurations() {
        InstanceConfigurations configurations = this.configurations;
        if (configurations == null) {
            throw new GatewayException(503, "api_error", "configuration_unavailable", null,
                    "Configuration Admin is not available on this node. Retry shortly.", null);
        }
        return configurations;
    }

    private static GatewayException noSuchInstance(String id) {
        return new GatewayException(404, "invalid_request_error", "instance_not_found", "id",
                "No provider instance '" + id + "'.", null);
    }
}
