package dev.switchboard.core.internal.routing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable: model id -> the routes that serve it, in registration order. A request takes one table
 * and keeps it; a change of providers builds a new table and swaps it in atomically.
 */
public final class RoutingTable {

    public static final RoutingTable EMPTY = new RoutingTable(Map.of());

    private final Map<String, List<Route>> routesByModel;

    private RoutingTable(Map<String, List<Route>> routesByModel) {
        this.routesByModel = routesByModel;
    }

    public static RoutingTable of(List<Route> routes) {
        Map<String, List<Route>> byModel = new LinkedHashMap<>();
        for (Route route : routes) {
            byModel.computeIfAbsent(route.model().id(), m -> new java.util.ArrayList<>()).add(route);
        }
        byModel.replaceAll((model, list) -> List.copyOf(list));
        return new RoutingTable(Collections.unmodifiableMap(byModel));
    }

    /** The routes for a model; empty when no bound instance serves it. */
    public List<Route> routes(String model) {
        List<Route> routes = routesByModel.get(model);
        return routes == null ? List.of() : routes;
    }

    public Map<String, List<Route>> byModel() {
        return routesByModel;
    }

    public boolean isEmpty() {
        return routesByModel.isEmpty();
    }
}
