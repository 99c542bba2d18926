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

    public static final RoutingTable EMPTY = new RoutingTable(Map.of(), Map.of(), Map.of());

    private final Map<String, List<Route>> routesByModel;
    private final Map<String, List<Route>> streamingRoutesByModel;
    /** Per capability interface: the routes whose instance implements it; filled once per interface per table. */
    private final java.util.concurrent.ConcurrentMap<Class<?>, Map<String, List<Route>>> routesByCapability =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Model aliases ({@code route.<alias>}): their candidates, built with the table. */
    private final Map<String, Alias> aliases;

    private RoutingTable(Map<String, List<Route>> routesByModel, Map<String, List<Route>> streamingRoutesByModel,
                         Map<String, Alias> aliases) {
        this.routesByModel = routesByModel;
        this.streamingRoutesByModel = streamingRoutesByModel;
        this.aliases = aliases;
    }

    /**
     * A model alias as this table serves it: the routes of each of its models in the alias's order (within one
     * model in table order; the request orders them by strategy), and those of them that can stream.
     */
    public record Alias(ModelRoute route, List<Route> routes, List<Route> streamingRoutes) {
    }

    /**
     * This table with these aliases (replacing any it had). An alias named like a model a route serves is left
     * out: a model id always means that model.
     */
    public RoutingTable withAliases(Map<String, ModelRoute> routes) {
        Map<String, Alias> built = new LinkedHashMap<>();
        routes.forEach((name, route) -> {
            if (routesByModel.containsKey(name)) {
                return;
            }
            List<Route> all = new java.util.ArrayList<>();
            List<Route> streaming = new java.util.ArrayList<>();
            for (String model : route.models()) {
                all.addAll(routes(model));
                streaming.addAll(streamingRoutes(model));
            }
            built.put(name, new Alias(route, List.copyOf(all), List.copyOf(streaming)));
        });
        return new RoutingTable(routesByModel, streamingRoutesByModel, Collections.unmodifiableMap(built));
    }

    /** The alias of that name, or null (one map lookup, made only for a name no route serves as a model). */
    public Alias alias(String name) {
        return aliases.get(name);
    }

    public Map<String, Alias> aliases() {
        return aliases;
    }

    /** A table in which every route can stream. */
    public static RoutingTable of(List<Route> routes) {
        return of(routes, route -> true);
    }

    /** A table in which the routes {@code streams} accepts can stream. */
    public static RoutingTable of(List<Route> routes, Predicate<Route> streams) {
        return new RoutingTable(byModel(routes), byModel(routes.stream().filter(streams).toList()), Map.of());
    }

    private static Map<String, List<Route>> byModel(List<Route> routes) {
        Map<String, List<Route>> byModel = new LinkedHashMap<>();
        for (Route route : routes) {
            byModel.computeIfAbsent(route.model().id(), m -> new java.util.ArrayList<>()).add(route);
        }
        byModel.replaceAll((model, list) -> List.copyOf(list));
        return Collections.unmodifiableMap(byModel);
    }

    /**
     * This table with only the routes {@code kept} accepts, and no aliases (the start-up warm-up's view: the mock
     * provider's routes).
     */
    public RoutingTable only(Predicate<Route> kept) {
        return new RoutingTable(kept(routesByModel, kept), kept(streamingRoutesByModel, kept), Map.of());
    }

    /**
     * This table with {@code extra} routes added after its own, those {@code streams} accepts able to stream, and no
     * aliases (the start-up warm-up's view with its relay route).
     */
    public RoutingTable plus(List<Route> extra, Predicate<Route> streams) {
        if (extra.isEmpty()) {
            return this;
        }
        return new RoutingTable(added(routesByModel, extra), added(streamingRoutesByModel,
                extra.stream().filter(streams).toList()), Map.of());
    }

    private static Map<String, List<Route>> added(Map<String, List<Route>> byModel, List<Route> extra) {
        List<Route> all = new java.util.ArrayList<>();
        byModel.values().forEach(all::addAll);
        all.addAll(extra);
        return byModel(all);
    }

    private static Map<String, List<Route>> kept(Map<String, List<Route>> byModel, Predicate<Route> kept) {
        List<Route> all = new java.util.ArrayList<>();
        byModel.values().forEach(routes -> routes.stream().filter(kept).forEach(all::add));
        return byModel(all);
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
