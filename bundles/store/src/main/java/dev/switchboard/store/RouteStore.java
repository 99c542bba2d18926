package dev.switchboard.store;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable copy of the routes set at run time (shell, admin API): per alias, the record core signed, so a
 * full restart of the cluster keeps them. Core verifies each record's signature when it reads them back. Calls
 * block on the database: route administration and the grid's listener, never the request path.
 */
@ProviderType
public interface RouteStore {

    /** Every stored route: alias -> signed record. */
    Map<String, String> routes();

    /** Stores (or replaces) the signed record of a route. */
    void putRoute(String alias, String signedRecord, long updatedEpochMillis);

    /** Deletes a route; false when there was none. */
    boolean removeRoute(String alias);
}
