package dev.switchboard.api.quota;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A quota strategy that can show its state to operators and reset it. Optional: a {@link QuotaStrategy} service
 * that also implements this is listed by {@code switchboard:quota-show} and {@code /admin/limits}. Neither
 * method is on the request path; both may wait for the grid.
 */
@ConsumerType
public interface InspectableQuota {

    /** Every configured limit in its current window (limits never used yet: used 0). */
    List<QuotaUsage> usage();

    /** Sets the named limit's current window to zero; false when this strategy has no limit of that name. */
    boolean reset(String name);
}
