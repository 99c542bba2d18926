package dev.switchboard.core.api;

import java.util.List;

/**
 * The routes (model aliases) of the cluster, for the shell and the admin API. A route set or removed here is
 * written to the store (when one is bound), shared with every node through the grid (signed with the cluster
 * secret) and takes effect on each node with one routing-table swap; it overrides a route of the same name from
 * {@code etc/}. Calls block on the store and the grid: administration, never the request path.
 */
public interface Routes {

    /** Every route this node knows, by alias. */
    List<RouteListing> routes();

    /**
     * Creates or replaces a route.
     *
     * @throws IllegalArgumentException the definition is not valid (the message says why, for the operator)
     * @throws IllegalStateException it could not be saved (the store failed)
     */
    RouteDefinition setRoute(RouteDefinition route);

    /**
     * Removes the run-time route of that alias (a route from {@code etc/} of the same name serves again).
     *
     * @return false when there was no run-time route of that name
     * @throws IllegalArgumentException the route is configured in {@code etc/} only (edit the file instead)
     */
    boolean removeRoute(String alias);
}
