package dev.switchboard.core.api;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who sends a request, once the key is authenticated, and the request context that travels with it into quotas,
 * the ledger and events. {@code keyId} is public; the key itself never leaves auth.
 * <ul>
 * <li>{@code tenant}, {@code project}, {@code user}, {@code tags}: from the key; a key without a user takes the
 * end user from {@code x-switchboard-user} (or OpenAI's {@code user} field), never over the key's own.</li>
 * <li>{@code session}: from {@code x-switchboard-session}, or null; {@code tags} also from
 * {@code x-switchboard-tags} (after the key's own).</li>
 * <li>{@code allowedModels}: empty means every model; otherwise the models and routes the key may ask for.</li>
 * <li>{@code pinnedInstance} / {@code pinnedProvider}: the instance or provider type the request asks to be served
 * by (headers {@code x-switchboard-instance} / {@code x-switchboard-provider}, or the body fields
 * {@code switchboard_instance} / {@code switchboard_provider}), or null; only a key that {@link #mayPin() may pin}
 * can (a 403 otherwise), and a 400 when nothing pinned serves the model.</li>
 * <li>{@code warmUp}: the gateway's own start-up warm-up ({@link WarmUpCalls}), never a key: core runs its
 * requests through the pipeline without quotas, the usage ledger, per-tenant metrics or events; false for every
 * key and token.</li>
 * </ul>
 * A key's Caller is built once when the key enters the node's view; a request without context headers uses it
 * as it is, so authenticating allocates nothing per request.
 */
public record Caller(String keyId, String keyName, String tenant, Role role, String project, String user,
                     String session, List<String> tags, Set<String> allowedModels, CacheMode cacheMode,
                     String pinnedInstance, String pinnedProvider, boolean warmUp) {

    public Caller {
        role = role == null ? Role.APP : role;
        tags = tags == null ? List.of() : tags;
        allowedModels = allowedModels == null ? Set.of() : allowedModels;
        cacheMode = cacheMode == null ? CacheMode.DEFAULT : cacheMode;
    }

    /** A key's or a token's caller (never the warm-up's). */
    public Caller(String keyId, String keyName, String tenant, Role role, String project, String user,
                  String session, List<String> tags, Set<String> allowedModels, CacheMode cacheMode,
                  String pinnedInstance, String pinnedProvider) {
        this(keyId, keyName, tenant, role, project, user, session, tags, allowedModels, cacheMode, pinnedInstance,
                pinnedProvider, false);
    }

    public Caller(String keyId, String keyName, String tenant, Role role, String project, String user,
                  String session, List<String> tags, Set<String> allowedModels, CacheMode cacheMode,
                  String pinnedInstance) {
        this(keyId, keyName, tenant, role, project, user, session, tags, allowedModels, cacheMode, pinnedInstance,
                null);
    }

    public Caller(String keyId, String keyName, String tenant, boolean admin) {
        this(keyId, keyName, tenant, admin, null, null);
    }

    public Caller(String keyId, String keyName, String tenant, boolean admin, String pinnedInstance) {
        this(keyId, keyName, tenant, admin, pinnedInstance, null);
    }

    public Caller(String keyId, String keyName, String tenant, boolean admin, String pinnedInstance,
                  String pinnedProvider) {
        this(keyId, keyName, tenant, admin ? Role.ADMIN : Role.APP, null, null, null, List.of(), Set.of(),
                CacheMode.DEFAULT, pinnedInstance, pinnedProvider);
    }

    /**
     * Whether this key may pin a request to an instance or a provider: the {@link Permissions#mayOperate} rule
     * (admins and operators), so there is one check.
     */
    public boolean mayPin() {
        return Permissions.mayOperate(this);
    }

    /** Whether the request asks for an instance or a provider. */
    public boolean pins() {
        return pinnedInstance != null || pinnedProvider != null;
    }

    /** An admin key (kept for the callers that only knew admin or not). */
    public boolean admin() {
        return role == Role.ADMIN;
    }

    /** Whether this key may ask for {@code model} (a model id or a route name). */
    public boolean mayUse(String model) {
        return allowedModels.isEmpty() || allowedModels.contains(model);
    }

    /** This caller asking for one instance (null or blank: none). */
    public Caller pinning(String instanceId) {
        return pinning(instanceId, pinnedProvider);
    }

    /** This caller asking for one instance and/or one provider type (null or blank: none). */
    public Caller pinning(String instanceId, String providerType) {
        String instance = trimToNull(instanceId);
        String provider = trimToNull(providerType);
        if (Objects.equals(instance, pinnedInstance) && Objects.equals(provider, pinnedProvider)) {
            return this; // the usual case, no header: no copy per request
        }
        return new Caller(keyId, keyName, tenant, role, project, user, session, tags, allowedModels, cacheMode,
                instance, provider, warmUp);
    }

    /**
     * This caller with the request's end user and session (from headers or the body; null or blank: none). The
     * key's own user wins over the request's. Returns {@code this} when nothing changes: no copy per request.
     */
    public Caller within(String requestUser, String requestSession) {
        String u = user != null ? user : blankToNull(requestUser);
        String s = blankToNull(requestSession);
        if (Objects.equals(u, user) && Objects.equals(s, session)) {
            return this;
        }
        return new Caller(keyId, keyName, tenant, role, project, u, s, tags, allowedModels, cacheMode,
                pinnedInstance, pinnedProvider, warmUp);
    }

    /**
     * This caller with the request's tags added after the key's (from {@code x-switchboard-tags}); the key's
     * come first and are never dropped. Returns {@code this} when there are none.
     */
    public Caller tagged(List<String> requestTags) {
        if (requestTags == null || requestTags.isEmpty()) {
            return this;
        }
        List<String> merged = new java.util.ArrayList<>(tags.size() + requestTags.size());
        merged.addAll(tags);
        for (String tag : requestTags) {
            if (!merged.contains(tag)) {
                merged.add(tag);
            }
        }
        return new Caller(keyId, keyName, tenant, role, project, user, session, List.copyOf(merged), allowedModels,
                cacheMode, pinnedInstance, pinnedProvider, warmUp);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.length() > 256 ? text.substring(0, 256) : text;
    }

    private static String trimToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
