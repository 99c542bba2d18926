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

/**
 * Where core's components publish their events: the {@link GatewayEvents} service while it is bound, nothing
 * otherwise. A call costs one volatile read when nothing is bound, and core calls it only off the admitted
 * path (a denial, a revocation, a configuration change).
 */
public final class EventRelay {

    private volatile GatewayEvents target;
    /** Strategies registered with {@code switchboard.quota.kind=quota}; every other one is a rate limit. */
    private final Set<QuotaStrategy> calendarQuotas = ConcurrentHashMap.newKeySet();

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
        GatewayEventType type = calendarQuotas.contains(quota)
                ? GatewayEventType.QUOTA_EXCEEDED : GatewayEventType.RATE_LIMIT_EXCEEDED;
        Map<String, Object> properties = new HashMap<>(8);
        properties.put(EventProperties.TENANT, request.tenant());
        properties.put(EventProperties.KEY_ID, request.keyId());
        properties.put(EventProperties.MODEL, request.model());
        properties.put(EventProperties.LIMIT, safeName(quota));
        if (decision.limit() >= 0) {
            properties.put(EventProperties.LIMIT_VALUE, decision.limit());
        }
        properties.put(EventProperties.REASON, decision.reason());
        events.publish(type, properties);
    }

    /** {@code rate-limit.exceeded} for the key's concurrency limit ({@code max.concurrent.per.key}). */
    public void concurrencyDenied(String tenant, String keyId, String model, int limit) {
        GatewayEvents events = target;
        if (events == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>(8);
        properties.put(EventProperties.TENANT, tenant);
        properties.put(EventProperties.KEY_ID, keyId);
        properties.put(EventProperties.MODEL, model);
        properties.put(EventProperties.LIMIT, "max.concurrent.per.key");
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

    private static String safeName(QuotaStrategy quota) {
        try {
            return quota.name();
        } catch (RuntimeException e) {
            return quota.getClass().getSimpleName();
        }
    }
}
