package dev.switchboard.store;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable copy of the limits of the cluster: the limit and budget definitions written through the admin API
 * (per {@code <strategy>/<name>}, the record core signed, so a full restart keeps them; core verifies each record
 * when it reads them back) and the latest snapshot of what each budget spent in its period, so a restart of every
 * node does not start a month's budget from zero. Calls block on the database: administration, the grid's
 * listener and a background snapshot, never the request path. Since 1.2.
 */
@ProviderType
public interface LimitStore {

    /** Every stored definition: {@code <strategy>/<name>} -> signed record. */
    Map<String, String> limits();

    /** Stores (or replaces) the signed record of a definition. */
    void putLimit(String id, String signedRecord, long updatedEpochMillis);

    /** Deletes a definition; false when there was none. */
    boolean removeLimit(String id);

    /** One budget's spent amount as last snapshot (units of the budget), and when it expires (0: never). */
    record BudgetSpent(String budget, long spent, long expiresAtMillis) {
    }

    /** The snapshot rows that have not expired at {@code nowMillis}. */
    List<BudgetSpent> budgetSpent(long nowMillis);

    /** Writes (or replaces) these rows in one transaction and deletes the rows expired at {@code nowMillis}. */
    void saveBudgetSpent(List<BudgetSpent> rows, long nowMillis);
}
