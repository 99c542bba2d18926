package dev.switchboard.rest.internal.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.ApiKeys;
import dev.switchboard.core.api.ApiKeys.KeySpec;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.CacheMode;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Directory;
import dev.switchboard.core.api.Permissions;
import dev.switchboard.core.api.Role;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
 * Virtual keys over HTTP: {@code GET /admin/keys[?tenant=]}, {@code POST /admin/keys} (the secret is in this one
 * answer only), {@code GET|DELETE /admin/keys/{id}} (delete revokes on every node), and
 * {@code POST /admin/keys/{id}/rotate} ({@code {"overlap_seconds": n}}: the old secret works n seconds more).
 * {@link Permissions} decides; a key the caller may not read is answered as one that does not exist, so a
 * tenant-admin cannot even learn another tenant's key ids. Nobody hands out or takes over a key with more rights
 * than their own (a tenant-admin cannot rotate its tenant's admin key and learn the secret).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-admin-keys")
@HttpWhiteboardServletPattern({AdminKeysServlet.PATTERN, AdminKeysServlet.PATTERN + "/*"})
public final class AdminKeysServlet extends ApiServlet {

    static final String PATTERN = "/admin/keys";
    static final long MAX_OVERLAP_SECONDS = 30L * 24 * 3600;
    /** 9999-12-31T23:59:59Z: later expiries (in seconds, either field) would overflow as milliseconds. */
    static final long MAX_EXPIRY_SECONDS = 253_402_300_799L;

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Authenticator authenticator;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ApiKeys keys;

    public AdminKeysServlet() {
        super("GET", "POST", "DELETE");
    }

    AdminKeysServlet(Authenticator authenticator, ApiKeys keys) {
        this();
        this.authenticator = authenticator;
        this.keys = keys;
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException {
        Authenticator authenticator = this.authenticator;
        ApiKeys keys = this.keys;
        if (authenticator == null || keys == null) {
            throw ApiErrors.gatewayUnavailable();
        }
        Caller caller = BearerAuthentication.authenticate(request, authenticator);
        List<String> path = AdminJson.segments(request);
        String method = request.getMethod();
        String uri = request.getRequestURI();
        if (path.isEmpty()) {
            ApiErrors.requireMethod(method, uri, "GET", "POST");
            if ("GET".equals(method)) {
                list(caller, keys, request.getParameter("tenant"), response);
            } else {
                create(caller, keys, AdminBody.objectOrEmpty(request), response);
            }
        } else if (path.size() == 1) {
            ApiErrors.requireMethod(method, uri, "GET", "DELETE");
            if ("GET".equals(method)) {
                AdminJson.write(response, 200, AdminJson.key(readable(caller, keys, path.get(0))));
            } else {
                ApiKeys.KeyInfo key = readable(caller, keys, path.get(0));
                Permissions.requireManage(caller, key.tenant());
                Permissions.requireGrant(caller, key.role(), key.tenant());
                keys.revoke(key.id());
                AdminJson.write(response, 200, java.util.Map.of("id", key.id(), "revoked", true));
            }
        } else if (path.size() == 2 && "rotate".equals(path.get(1))) {
            ApiErrors.requireMethod(method, uri, "POST");
            rotate(caller, keys, path.get(0), AdminBody.objectOrEmpty(request), response);
        } else {
            throw ApiErrors.unknownPath(method, uri);
        }
    }

    private static void list(Caller caller, ApiKeys keys, String tenant, HttpServletResponse response)
            throws IOException {
        String scope = tenant == null || tenant.isBlank() ? null : tenant.trim();
        if (scope == null && !Permissions.mayReadAll(caller)) {
            scope = caller.tenant(); // a tenant-admin's list is its own tenant's
        }
        if (scope != null) {
            Permissions.requireRead(caller, scope);
        }
        String only = scope;
        AdminJson.write(response, 200, AdminJson.list(keys.list().stream()
                .filter(key -> only == null || key.tenant().equals(only)).map(AdminJson::key).toList()));
    }

    private static void create(Caller caller, ApiKeys keys, ObjectNode body, HttpServletResponse response)
            throws IOException {
        String tenant = AdminJson.text(body, "tenant");
        if (tenant == null || tenant.isBlank()) {
            tenant = caller.role() == Role.TENANT_ADMIN ? caller.tenant() : Directory.DEFAULT_TENANT;
        }
        String roleText = AdminJson.text(body, "role");
        Role role = AdminJson.core(() -> roleText == null ? Role.APP : Role.fromWire(roleText));
        Permissions.requireManage(caller, tenant);
        Permissions.requireGrant(caller, role, tenant);
        long expiresAt = expirySeconds(body, "expires_at");
        long expiresIn = expirySeconds(body, "expires_in");
        if (expiresAt != 0 && expiresIn != 0) {
            throw dev.switchboard.core.api.GatewayException.invalidRequest("expires_in",
                    "Give expires_at or expires_in, not both.");
        }
        long expires = expiresAt != 0 ? expiresAt * 1000
                : expiresIn != 0 ? System.currentTimeMillis() + expiresIn * 1000 : 0;
        String cacheText = AdminJson.text(body, "cache");
        CacheMode cache = AdminJson.core(() -> CacheMode.fromWire(cacheText));
        KeySpec spec = new KeySpec(AdminJson.requiredText(body, "name"), tenant, AdminJson.text(body, "project"),
                AdminJson.text(body, "user"), role, expires, AdminJson.strings(body, "allowed_models"),
                AdminJson.stringMap(body, "metadata"), AdminJson.strings(body, "tags"), cache);
        AdminJson.write(response, 201, AdminJson.issued(AdminJson.core(() -> keys.create(spec))));
    }

    private static void rotate(Caller caller, ApiKeys keys, String id, ObjectNode body, HttpServletResponse response)
            throws IOException {
        ApiKeys.KeyInfo key = readable(caller, keys, id);
        Permissions.requireManage(caller, key.tenant());
        Permissions.requireGrant(caller, key.role(), key.tenant());
        long overlap = AdminJson.wholeNumber(body, "overlap_seconds", 0);
        if (overlap > MAX_OVERLAP_SECONDS) {
            throw dev.switchboard.core.api.GatewayException.invalidRequest("overlap_seconds",
                    "'overlap_seconds' is at most " + MAX_OVERLAP_SECONDS + " (30 days).");
        }
        Optional<ApiKeys.IssuedKey> rotated = AdminJson.core(() -> keys.rotate(key.id(), Duration.ofSeconds(overlap)));
        AdminJson.write(response, 200, AdminJson.issued(rotated.orElseThrow(() -> AdminJson.notFound("Key"))));
    }

    /** A number of seconds small enough to stay a valid instant in milliseconds (a 400 naming the field otherwise). */
    private static long expirySeconds(ObjectNode body, String field) {
        long seconds = AdminJson.wholeNumber(body, field, 0);
        if (seconds > MAX_EXPIRY_SECONDS) {
            throw dev.switchboard.core.api.GatewayException.invalidRequest(field,
                    "'" + field + "' is at most " + MAX_EXPIRY_SECONDS + " (the end of year 9999).");
        }
        return seconds;
    }

    /** The key, when it exists and the caller may read it; a 404 either way otherwise. */
    private static ApiKeys.KeyInfo readable(Caller caller, ApiKeys keys, String id) {
        return keys.get(id).filter(key -> Permissions.mayRead(caller, key.tenant()))
                .orElseThrow(() -> AdminJson.notFound("Key"));
    }
}
