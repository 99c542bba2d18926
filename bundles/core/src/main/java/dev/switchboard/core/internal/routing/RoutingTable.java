package dev.switchboard.core.internal.routing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Immutable: model id -> the routes that serve it, in registration order, and apart the routes whose provider
 * type declares {@code CHAT_STREAMING} (built once here, so a streaming request filters nothing). A request
 * takes one table and keeps it; a change of providers builds a new table and swaps it in atomically.
 */
public final class RoutingTable {

    public static final RoutingTable EMPTY = new RoutingTable(Map.of(), Map.of());

    private final Map<String, List<Route>> routesByModel;
    private final Map<String, List<Route>> streamingRoutesByModel;
    /** Per capability interface: the routes whose instance implements it; filled once per interface per table. */
    private final java.util.concurrent.ConcurrentMap<Class<?>, Map<String, List<Route>>> routesByCapability =
            new java.util.concurrent.ConcurrentHashMap<>();

    private RoutingTable(Map<String, List<Route>> routesByModel, Map<String, List<Route>> streamingRoutesByModel) {
        this.routesByModel = routesByModel;
        this.streamingRoutesByModel = streamingRoutesByModel;
    }

    /** A table in which every route can stream. */
    public static RoutingTable of(List<Route> routes) {
        return of(routes, route -> true);
    }

    /** A table in which the routes {@code streams} accepts can stream. */
    public static RoutingTable of(List<Route> routes, Predicate<Route> streams) {
        return new RoutingTable(byModel(routes), byModel(routes.stream().filter(streams).toList()));
    }

    private static Map<String, List<Route>> byModel(List<Route> routes) {
        Map<String, List<Route>> byModel = new LinkedHashMap<>();
        for (Route route : routes) {
            byModel.computeIfAbsent(route.model().id(), m -> new java.util.ArrayList<>()).add(route);
        }
        byModel.replaceAll((model, list) -> List.copyOf(list));
        return Collections.unmodifiableMap(byModel);
    }

    /** The routes that can stream a model: those of provider types that declare {@code CHAT_STREAMING}. */
    public List<Route> streamingRoutes(String model) {
        List<Route> routes = streamingRoutesByModel.get(model);
        return routes == null ? List.of() : routes;
    }

    /**
     * The routes for a model whose instance implements {@code capability} (an endpoint beyond chat, such as
     * {@code EmbeddingsCapable}): an instance declares what it serves by implementing the interface.
     */
    public List<Route> routes(String model, Class<?> capability) {
        Map<String, List<Route>> byModel = routesByCapability.computeIfAbsent(capability, c -> byModel(
                routesByModel.values().stream().flatMap(List::stream).filter(r -> c.isInstance(r.instance())).toList()));
        List<Route> routes = byModel.get(model);
        return routes == null ? List.of() : routes;
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
