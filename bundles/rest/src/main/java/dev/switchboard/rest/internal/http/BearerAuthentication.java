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
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw ApiErrors.missingKey();
        }
        String key = header.substring(SCHEME.length()).trim();
        if (key.isEmpty()) {
            throw ApiErrors.missingKey();
        }
        return authenticator.authenticate(key).orElseThrow(ApiErrors::invalidKey);
    }
}
