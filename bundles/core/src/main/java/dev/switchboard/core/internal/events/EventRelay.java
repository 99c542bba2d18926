package dev.switchboard.core.internal.events;

import dev.switchboard.api.event.EventProperties;
import dev.switchboard.api.event.GatewayEventType;
import dev.switchboard.api.event.GatewayEvents;
import dev.switchboard.api.quota.QuotaDecision;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Where core's components publish their events: the {@link GatewayEvents} service while it is bound, nothing
 * otherwise. A call costs one volatile read when nothing is bound, and core calls it only off the admitted
 * path (a denial, a revocation, a configuration change). Denials are published at most once a second per key
 * and limit, so a client hammering past its limit costs one event a second, not one per request.
 */
public final class EventRelay {

    /** Denials of one key by one limit publish at most once per this many milliseconds. */
    static final long DENIAL_INTERVAL_MILLIS = 1000;
    private static final int MAX_TRACKED_DENIALS = 10_000;

    private volatile GatewayEvents target;
    /** Strategies registered with {@code switchboard.quota.kind=quota}; every other one is a rate limit. */
    private final Set<QuotaStrategy> calendarQuotas = ConcurrentHashMap.newKeySet();
    /** key id + limit -> when its last denial was published: a client hammering past its limit is one event a second. */
    private final ConcurrentHashMap<String, Long> lastDenial = new ConcurrentHashMap<>();
    private final LongSupplier clockMillis;

    public EventRelay() {
        this(System::currentTimeMillis);
    }

    EventRelay(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    public void bind(GatewayEvents events) {
        target = events;
    }

    public void unbind(GatewayEvents events) {
        if (target == events) {
            target = null;
        }
    }

    /** Remembers what kind of limit {@code quota} is, from its service properties. */
    public void quotaBound(QuotaStrategy quota, Map<String, ?> serviceProperties) {
        Object kind = serviceProperties == null ? null : serviceProperties.get(EventProperties.QUOTA_KIND_SERVICE_PROPERTY);
        if (EventProperties.KIND_QUOTA.equals(kind == null ? null : kind.toString().trim())) {
            calendarQuotas.add(quota);
        } else {
            calendarQuotas.remove(quota);
        }
    }

    public void quotaGone(QuotaStrategy quota) {
        calendarQuotas.remove(quota);
    }

    /** {@code quota.exceeded} or {@code rate-limit.exceeded}, by the kind of {@code quota}. */
    public void denied(QuotaStrategy quota, QuotaRequest request, QuotaDecision decision) {
        GatewayEvents events = target;
        if (events == null) {
            return;
        }
        String limit = safeName(quota);
        if (!firstDenialThisInterval(request.keyId(), limit)) {
            return;
        }
        GatewayEventType type = calendarQuotas.contains(quota)
                ? GatewayEventType.QUOTA_EXCEEDED : GatewayEventType.RATE_LIMIT_EXCEEDED;
        Map<String, Object> properties = new HashMap<>(8);
        properties.put(EventProperties.TENANT, request.tenant());
        properties.put(EventProperties.KEY_ID, request.keyId());
        properties.put(EventProperties.MODEL, request.model());
        properties.put(EventProperties.LIMIT, limit);
        if (decision.limit() >= 0) {
            properties.put(EventProperties.LIMIT_VALUE, decision.limit());
        }
        properties.put(EventProperties.REASON, decision.reason());
        events.publish(type, properties);
    }

    /** {@code rate-limit.exceeded} for the key's concurrency limit ({@code max.concurrent.per.key}). */
    public void concurrencyDenied(String tenant, String keyId, String model, int limit) {
        GatewayEvents events = target;
        if (events == null || !firstDenialThisInterval(keyId, CONCURRENCY_LIMIT)) {
            return;
        }
        Map<String, Object> properties = new HashMap<>(8);
        properties.put(EventProperties.TENANT, tenant);
        properties.put(EventProperties.KEY_ID, keyId);
        properties.put(EventProperties.MODEL, model);
        properties.put(EventProperties.LIMIT, CONCURRENCY_LIMIT);
        properties.put(EventProperties.LIMIT_VALUE, (long) limit);
        events.publish(GatewayEventType.RATE_LIMIT_EXCEEDED, properties);
    }

    /** {@code key.revoked}: the key's id and tenant, never the key. */
    public void keyRevoked(String tenant, String keyId) {
        GatewayEvents events = target;
        if (events == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>(4);
        properties.put(EventProperties.TENANT, tenant);
        properties.put(EventProperties.KEY_ID, keyId);
        events.publish(GatewayEventType.KEY_REVOKED, properties);
    }

    /** {@code config.updated}: {@code scope} core, routes or instance; {@code subject} its PID or id. */
    public void configUpdated(String scope, String subject, String action) {
        GatewayEvents events = target;
        if (events == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>(4);
        properties.put(EventProperties.SCOPE, scope);
        properties.put(EventProperties.SUBJECT, subject);
        properties.put(EventProperties.ACTION, action);
        events.publish(GatewayEventType.CONFIG_UPDATED, properties);
    }

    private static final String CONCURRENCY_LIMIT = "max.concurrent.per.key";

    private boolean firstDenialThisInterval(String keyId, String limit) {
        long now = clockMillis.getAsLong();
        String pair = keyId + '\u001f' + limit;
        Long last = lastDenial.get(pair);
        if (last != null && now - last < DENIAL_INTERVAL_MILLIS) {
            return false;
        }
        if (lastDenial.size() >= MAX_TRACKED_DENIALS) {
            // forgetting only lets one more event through per pair; it never blocks one
            lastDenial.clear();
        }
        // two threads racing here may both publish: at most one extra event, never a lost one
        lastDenial.put(pair, now);
        return true;
    }

    private static String safeName(QuotaStrategy quota) {
        try {
            return quota.name();
        } catch (RuntimeException e) {
            return quota.getClass().getSimpleName();
        }
    }
}
