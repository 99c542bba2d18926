package dev.switchboard.rest.internal.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Directory;
import dev.switchboard.core.api.Permissions;
import dev.switchboard.core.api.Role;
import java.io.IOException;
import java.util.List;
import java.util.Map;
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
 * Tenants, projects and users over HTTP:
 * <pre>
 * GET    /admin/tenants                      POST /admin/tenants {"id","name","metadata"}
 * GET|PUT|DELETE /admin/tenants/{t}
 * GET    /admin/tenants/{t}/projects         POST /admin/tenants/{t}/projects {"id","name","metadata"}
 * GET|PUT|DELETE /admin/tenants/{t}/projects/{p}
 * GET    /admin/tenants/{t}/users            POST /admin/tenants/{t}/users {"id","name","role","metadata"}
 * GET|PUT|DELETE /admin/tenants/{t}/users/{u}
 * </pre>
 * Tenants are created, changed and removed by admins; a tenant's projects and users by its tenant-admins too.
 * Permission is checked before existence, so another tenant's answer is a 403 whether or not it exists.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-admin-tenants")
@HttpWhiteboardServletPattern({AdminTenantsServlet.PATTERN, AdminTenantsServlet.PATTERN + "/*"})
public final class AdminTenantsServlet extends ApiServlet {

    static final String PATTERN = "/admin/tenants";
    /** What a list (tenants, a tenant's projects or users) and one of its entries take: their {@code Allow}. */
    private static final String ON_LIST = "GET, POST";
    private static final String ON_ONE = "GET, PUT, DELETE";

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Authenticator authenticator;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Directory directory;

    public AdminTenantsServlet() {
        super("GET", "POST", "PUT", "DELETE");
    }

    AdminTenantsServlet(Authenticator authenticator, Directory directory) {
        this();
        this.authenticator = authenticator;
        this.directory = directory;
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException {
        Authenticator authenticator = this.authenticator;
        Directory directory = this.directory;
        if (authenticator == null || directory == null) {
            throw ApiErrors.gatewayUnavailable();
        }
        Caller caller = BearerAuthentication.authenticate(request, authenticator);
        List<String> path = AdminJson.segments(request);
        String method = request.getMethod();
        if (path.isEmpty()) {
            tenants(caller, directory, method, request, response);
        } else if (path.size() == 1) {
            tenant(caller, directory, path.get(0), method, request, response);
        } else if (path.size() <= 3 && ("projects".equals(path.get(1)) || "users".equals(path.get(1)))) {
            String tenant = path.get(0);
            if ("GET".equals(method)) {
                Permissions.requireRead(caller, tenant);
            } else {
                Permissions.requireManage(caller, tenant);
            }
            if (directory.tenant(tenant).isEmpty()) {
                throw AdminJson.notFound("Tenant");
            }
            String id = path.size() == 3 ? path.get(2) : null;
            if ("projects".equals(path.get(1))) {
                projects(directory, tenant, id, method, request, response);
            } else {
                users(caller, directory, tenant, id, method, request, response);
            }
        } else {
            throw ApiErrors.unknownPath(method, request.getRequestURI());
        }
    }

    private static void tenants(Caller caller, Directory directory, String method, HttpServletRequest request,
                                HttpServletResponse response) throws IOException {
        switch (method) {
            case "GET" -> {
                if (Permissions.mayReadAll(caller)) {
                    AdminJson.write(response, 200, AdminJson.list(directory.tenants().stream().map(AdminJson::tenant)
                            .toList()));
                } else {
                    Permissions.requireRead(caller, caller.tenant());
                    AdminJson.write(response, 200, AdminJson.list(directory.tenant(caller.tenant()).stream()
                            .map(AdminJson::tenant).toList()));
                }
            }
            case "POST" -> {
                Permissions.requireAdminister(caller);
                ObjectNode body = AdminBody.objectOrEmpty(request);
                String id = AdminJson.requiredText(body, "id");
                if (directory.tenant(id).isPresent()) {
                    throw new dev.switchboard.core.api.GatewayException(409, "invalid_request_error", "conflict", "id",
                            "A tenant '" + id + "' exists already; PUT /admin/tenants/" + id + " changes it.", null);
                }
                AdminJson.write(response, 201, AdminJson.tenant(AdminJson.core(() -> directory.putTenant(id,
                        text(body, "name"), AdminJson.stringMap(body, "metadata")))));
            }
            default -> throw ApiErrors.methodNotAllowed(method, request.getRequestURI(), ON_LIST);
        }
    }

    private static void tenant(Caller caller, Directory directory, String id, String method,
                               HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (method) {
            case "GET" -> {
                Permissions.requireRead(caller, id);
                AdminJson.write(response, 200, AdminJson.tenant(directory.tenant(id)
                        .orElseThrow(() -> AdminJson.notFound("Tenant"))));
            }
            case "PUT" -> {
                Permissions.requireAdminister(caller);
                ObjectNode body = AdminBody.objectOrEmpty(request);
                AdminJson.write(response, 200, AdminJson.tenant(AdminJson.core(() -> directory.putTenant(id,
                        text(body, "name"), AdminJson.stringMap(body, "metadata")))));
            }
            case "DELETE" -> {
                Permissions.requireAdminister(caller);
                if (!AdminJson.core(() -> directory.removeTenant(id))) {
                    throw AdminJson.notFound("Tenant");
                }
                AdminJson.write(response, 200, Map.of("id", id, "deleted", true));
            }
            default -> throw ApiErrors.methodNotAllowed(method, request.getRequestURI(), ON_ONE);
        }
    }

    private static void projects(Directory directory, String tenant, String id, String method,
                                 HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (id == null && "GET".equals(method)) {
            AdminJson.write(response, 200, AdminJson.list(directory.projects(tenant).stream().map(AdminJson::project)
                    .toList()));
        } else if (id == null && "POST".equals(method)) {
            ObjectNode body = AdminBody.objectOrEmpty(request);
            String newId = AdminJson.requiredText(body, "id");
            if (directory.project(tenant, newId).isPresent()) {
                throw conflict("project", newId);
            }
            AdminJson.write(response, 201, AdminJson.project(AdminJson.core(() -> directory.putProject(tenant, newId,
                    text(body, "name"), AdminJson.stringMap(body, "metadata")))));
        } else if (id != null && "GET".equals(method)) {
            AdminJson.write(response, 200, AdminJson.project(directory.project(tenant, id)
                    .orElseThrow(() -> AdminJson.notFound("Project"))));
        } else if (id != null && "PUT".equals(method)) {
            ObjectNode body = AdminBody.objectOrEmpty(request);
            AdminJson.write(response, 200, AdminJson.project(AdminJson.core(() -> directory.putProject(tenant, id,
                    text(body, "name"), AdminJson.stringMap(body, "metadata")))));
        } else if (id != null && "DELETE".equals(method)) {
            if (!directory.removeProject(tenant, id)) {
                throw AdminJson.notFound("Project");
            }
            AdminJson.write(response, 200, Map.of("id", id, "deleted", true));
        } else {
            throw ApiErrors.methodNotAllowed(method, request.getRequestURI(), id == null ? ON_LIST : ON_ONE);
        }
    }

    private static void users(Caller caller, Directory directory, String tenant, String id, String method,
                              HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (id == null && "GET".equals(method)) {
            AdminJson.write(response, 200, AdminJson.list(directory.users(tenant).stream().map(AdminJson::user)
                    .toList()));
        } else if (("POST".equals(method) && id == null) || ("PUT".equals(method) && id != null)) {
            ObjectNode body = AdminBody.objectOrEmpty(request);
            String userId = id != null ? id : AdminJson.requiredText(body, "id");
            if (id == null && directory.user(tenant, userId).isPresent()) {
                throw conflict("user", userId);
            }
            String roleText = AdminJson.text(body, "role");
            Role role = AdminJson.core(() -> roleText == null ? Role.APP : Role.fromWire(roleText));
            Permissions.requireGrant(caller, role, tenant);
            directory.user(tenant, userId).ifPresent(existing -> Permissions.requireGrant(caller, existing.role(),
                    tenant));
            AdminJson.write(response, id == null ? 201 : 200, AdminJson.user(AdminJson.core(() -> directory.putUser(
                    tenant, userId, text(body, "name"), role, AdminJson.stringMap(body, "metadata")))));
        } else if (id != null && "GET".equals(method)) {
            AdminJson.write(response, 200, AdminJson.user(directory.user(tenant, id)
                    .orElseThrow(() -> AdminJson.notFound("User"))));
        } else if (id != null && "DELETE".equals(method)) {
            Directory.User user = directory.user(tenant, id).orElseThrow(() -> AdminJson.notFound("User"));
            Permissions.requireGrant(caller, user.role(), tenant);
            directory.removeUser(tenant, id);
            AdminJson.write(response, 200, Map.of("id", id, "deleted", true));
        } else {
            throw ApiErrors.methodNotAllowed(method, request.getRequestURI(), id == null ? ON_LIST : ON_ONE);
        }
    }

    private static String text(ObjectNode body, String field) {
        return AdminJson.text(body, field);
    }

    private static dev.switchboard.core.api.GatewayException conflict(String kind, String id) {
        return new dev.switchboard.core.api.GatewayException(409, "invalid_request_error", "conflict", "id",
                "A " + kind + " '" + id + "' exists already in this tenant.", null);
    }
}
