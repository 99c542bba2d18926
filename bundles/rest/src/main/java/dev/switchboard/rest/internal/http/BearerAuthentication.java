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
        return local(authenticator.authenticate(key).orElseThrow(ApiErrors::invalidKey), request);
    }

    /**
     * The caller, unless it is core's start-up warm-up caller on a connection from elsewhere than loopback: its secret
     * is no key for anyone else (a 401 like any wrong key). One field read for every other caller.
     */
    static Caller local(Caller caller, HttpServletRequest request) {
        if (caller.warmUp() && !fromLoopback(request)) {
            throw ApiErrors.invalidKey();
        }
        return caller;
    }

    /** Whether the connection's peer (not a forwarded address) is this host's loopback. */
    static boolean fromLoopback(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        try {
            // Jetty gives the peer as an address literal: no name lookup
            return peer != null && java.net.InetAddress.getByName(peer).isLoopbackAddress();
        } catch (java.net.UnknownHostException | RuntimeException e) {
            return false;
        }
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

    /**
     * The end user ({@value #USER_HEADER}), session ({@value #SESSION_HEADER}) and tags ({@value #TAGS_HEADER}) the
     * request names.
     */
    static final String USER_HEADER = "x-switchboard-user";
    static final String SESSION_HEADER = "x-switchboard-session";

    /**
     * The caller with the request's context headers; without them the key's own caller, no copy. A key bound to a
     * user keeps its user whatever the header says.
     */
    static Caller withContext(Caller caller, HttpServletRequest request) {
        Caller within = caller.within(request.getHeader(USER_HEADER), request.getHeader(SESSION_HEADER));
        String tags = request.getHeader(TAGS_HEADER);
        return tags == null ? within : within.tagged(tags(tags));
    }

    static final String TAGS_HEADER = "x-switchboard-tags";
    static final int MAX_REQUEST_TAGS = 8;

    /** {@code a, b} -> [a, b]: at most {@value #MAX_REQUEST_TAGS}, each 1 to 64 characters, others left out. */
    static java.util.List<String> tags(String header) {
        java.util.List<String> tags = new java.util.ArrayList<>(2);
        for (String part : header.split(",")) {
            String tag = part.trim();
            if (!tag.isEmpty() && tag.length() <= 64 && tags.size() < MAX_REQUEST_TAGS
                    && tag.chars().noneMatch(Character::isISOControl)) {
                tags.add(tag);
            }
        }
        return tags;
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
