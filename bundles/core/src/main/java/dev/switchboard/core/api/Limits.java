package dev.switchboard.core.api;

import dev.switchboard.api.quota.QuotaUsage;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The limits of every bound quota strategy that shows its state ({@code InspectableQuota}: rate limits, quotas,
 * budgets), for operators (shell {@code switchboard:quota-show|reset}, {@code /admin/limits}, {@code /admin/budgets}).
 * Not on the request path: reading an {@code exact} limit or a budget asks the grid. Since 1.6.
 */
@ProviderType
public interface Limits {

    /** Every limit's state now, strategy by strategy. */
    List<QuotaUsage> limits();

    /**
     * Sets the named limit's current window or period to zero in the strategy named {@code strategy} (null: in any
     * strategy that has a limit of that name); false when none has.
     */
    boolean resetLimit(String strategy, String name);
}
