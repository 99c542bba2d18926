package dev.switchboard.core.api;

/**
 * Who sends a request, once the key is authenticated. {@code keyId} is public; the key itself never leaves auth.
 * {@code pinnedInstance} / {@code pinnedProvider}: the instance or provider type the request asks to be served by
 * (headers {@code x-switchboard-instance} / {@code x-switchboard-provider}, or the body fields
 * {@code switchboard_instance} / {@code switchboard_provider}), or null; only a key that {@link #mayPin() may pin}
 * can (a 403 otherwise), and a 400 when nothing pinned serves the model.
 */
public record Caller(String keyId, String keyName, String tenant, boolean admin, String pinnedInstance,
                     String pinnedProvider) {

    public Caller(String keyId, String keyName, String tenant, boolean admin) {
        this(keyId, keyName, tenant, admin, null, null);
    }

    public Caller(String keyId, String keyName, String tenant, boolean admin, String pinnedInstance) {
        this(keyId, keyName, tenant, admin, pinnedInstance, null);
    }

    /**
     * Whether this key may pin a request to an instance or a provider. The one place that decides it: admin keys
     * today (keys carry no finer permission yet).
     */
    public boolean mayPin() {
        return admin;
    }

    /** Whether the request asks for an instance or a provider. */
    public boolean pins() {
        return pinnedInstance != null || pinnedProvider != null;
    }

    /** This caller asking for one instance (null or blank: none). */
    public Caller pinning(String instanceId) {
        return pinning(instanceId, pinnedProvider);
    }

    /** This caller asking for one instance and/or one provider type (null or blank: none). */
    public Caller pinning(String instanceId, String providerType) {
        String instance = blankToNull(instanceId);
        String provider = blankToNull(providerType);
        if (java.util.Objects.equals(instance, pinnedInstance) && java.util.Objects.equals(provider, pinnedProvider)) {
            return this; // the usual case, no header: no copy per request
        }
        return new Caller(keyId, keyName, tenant, admin, instance, provider);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
