package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Permissions;
import javax.servlet.http.HttpServletRequest;

/** {@code Authorization: Bearer <key>} to a {@link Caller}, or a 401. The key is never logged or echoed. */
final class BearerAuthentication {

    private static final String SCHEME = "Bearer ";

    private BearerAuthentication() {
    }

    static Caller authenticate(HttpServletRequest request, Authenticator authenticator) {
        String header = request.getHeader("Authorization");
        String key = header == null ? null : presentedKey(header);
        if (key == null) {
            throw ApiErrors.missingKey();
        }
        return authenticator.authenticate(key).orElseThrow(ApiErrors::invalidKey);
    }

    /**
     * As {@link #authenticate} and the caller must read what spans tenants (admin or operator; 403 otherwise),
     * as {@link Permissions#mayReadAll} decides.
     */
    static Caller authenticateAdmin(HttpServletRequest request, Authenticator authenticator) {
        Caller caller = authenticate(request, authenticator);
        if (!Permissions.mayReadAll(caller)) {
            throw ApiErrors.adminRequired();
        }
        return caller;
    }

    /** The end user ({@value #USER_HEADER}) and session ({@value #SESSION_HEADER}) the request names. */
    static final String USER_HEADER = "x-switchboard-user";
    static final String SESSION_HEADER = "x-switchboard-session";

    /**
     * The caller with the request's context headers; without them the key's own caller, no copy. A key bound to a
     * user keeps its user whatever the header says.
     */
    static Caller withContext(Caller caller, HttpServletRequest request) {
        return caller.within(request.getHeader(USER_HEADER), request.getHeader(SESSION_HEADER));
    }

    /** The key of a {@code Bearer} header, or null when the header is not one or carries no key. */
    static String presentedKey(String header) {
        if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        String key = header.substring(SCHEME.length()).trim();
        return key.isEmpty() ? null : key;
    }
}
