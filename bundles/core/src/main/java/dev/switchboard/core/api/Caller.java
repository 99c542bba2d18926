package dev.switchboard.core.api;

/**
 * Who sends a request, once the key is authenticated. {@code keyId} is public; the key itself never leaves auth.
 * {@code pinnedInstance}: the instance the request asks to be served by (header {@code x-switchboard-instance}),
 * or null; only an admin key may pin (a 403 otherwise), and a 400 when that instance does not serve the model.
 */
public record Caller(String keyId, String keyName, String tenant, boolean admin, String pinnedInstance) {

    public Caller(String keyId, String keyName, String tenant, boolean admin) {
        this(keyId, keyName, tenant, admin, null);
    }

    /** This caller asking for one instance (null or blank: none). */
    public Caller pinning(String instanceId) {
        String pin = instanceId == null || instanceId.isBlank() ? null : instanceId.trim();
        if (java.util.Objects.equals(pin, pinnedInstance)) {
            return this; // the usual case, no header: no copy per request
        }
        return new Caller(keyId, keyName, tenant, admin, pin);
    }
}
