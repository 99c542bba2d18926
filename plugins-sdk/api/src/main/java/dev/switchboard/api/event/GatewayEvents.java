package dev.switchboard.api.event;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Publishes gateway events on OSGi EventAdmin, asynchronously ({@code postEvent}): a call never waits for a
 * handler and never throws. Core registers this service while EventAdmin is present; a plugin references it
 * optionally and dynamically, so without EventAdmin its events are simply not published.
 *
 * <p>Every event gets {@link EventProperties#EVENT_ID}, {@link EventProperties#TYPE},
 * {@link EventProperties#TIMESTAMP} and {@link EventProperties#NODE} from the publisher.
 */
@ProviderType
public interface GatewayEvents {

    /**
     * Publishes {@code type} with {@code properties} (JDK types only, see {@link EventProperties}; null values
     * are left out).
     */
    void publish(GatewayEventType type, Map<String, ?> properties);

    /**
     * {@code budget.threshold}: the budgets bundle calls this once per budget and threshold when the settled
     * spend first reaches {@code thresholdPercent} of {@code limitUsd} (not again for the same period).
     *
     * @param tenant the budget's tenant
     * @param budget the budget's name or id ({@link EventProperties#LIMIT})
     * @param keyId  the key the budget belongs to, or {@code null} for a tenant's or project's budget
     */
    default void budgetThreshold(String tenant, String budget, String keyId, int thresholdPercent,
                                 BigDecimal spentUsd, BigDecimal limitUsd) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(EventProperties.TENANT, tenant);
        properties.put(EventProperties.LIMIT, budget);
        properties.put(EventProperties.KEY_ID, keyId);
        properties.put(EventProperties.THRESHOLD, thresholdPercent);
        properties.put(EventProperties.SPENT_USD, spentUsd);
        properties.put(EventProperties.LIMIT_USD, limitUsd);
        publish(GatewayEventType.BUDGET_THRESHOLD, properties);
    }
}
