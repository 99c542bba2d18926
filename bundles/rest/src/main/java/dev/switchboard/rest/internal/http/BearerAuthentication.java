package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Caller;
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

    /** As {@link #authenticate} and the caller must hold an admin key (403 otherwise). */
    static Caller authenticateAdmin(HttpServletRequest request, Authenticator authenticator) {
        Caller caller = authenticate(request, authenticator);
        if (!caller.admin()) {
            throw ApiErrors.adminRequired();
        }
        return caller;
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
