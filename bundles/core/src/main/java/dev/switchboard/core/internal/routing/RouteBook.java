package dev.switchboard.core.internal.routing;

import dev.switchboard.core.api.RouteListing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The node's view of every route: those of {@code etc/} (this node's {@code dev.switchboard.core}) and those set at
 * run time (learnt from the grid, or set on this node), a run-time route overriding an {@code etc/} route of the
 * same alias. Each change hands the merged set to the routing table in one call, which builds the aliases into a
 * new table and swaps it in atomically: a request never sees the book, only the table it took.
 */
public final class RouteBook {

    private final Consumer<Map<String, ModelRoute>> table;
    private final Map<String, ModelRoute> runtime = new ConcurrentHashMap<>();
    private volatile Map<String, ModelRoute> etc = Map.of();

    /** {@code table}: where the merged routes go (the instance registry's {@code configureRoutes}). */
    public RouteBook(Consumer<Map<String, ModelRoute>> table) {
        this.table = table;
    }

    /** The routes of {@code etc/} changed (core's configuration was read). */
    public synchronized void configure(Map<String, ModelRoute> fromEtc) {
        etc = Map.copyOf(fromEtc);
        publish();
    }

    /** A run-time route was set ({@code route} not null) or removed (null). */
    public synchronized void apply(String alias, ModelRoute route) {
        ModelRoute before = route == null ? runtime.remove(alias) : runtime.put(alias, route);
        if (!java.util.Objects.equals(before, route)) {
            publish();
        }
    }

    public ModelRoute runtime(String alias) {
        return runtime.get(alias);
    }

    public boolean configuredInEtc(String alias) {
        return etc.containsKey(alias);
    }

    /** Every route by alias with where it comes from and what serves it in {@code current}. */
    public List<RouteListing> listing(RoutingTable current) {
        Map<String, RouteListing> listed = new TreeMap<>();
        etc.forEach((alias, route) -> listed.put(alias, listing(route, RouteListing.ETC, current)));
        runtime.forEach((alias, route) -> listed.put(alias, listing(route, RouteListing.RUNTIME, current)));
        return List.copyOf(listed.values());
    }

    private static RouteListing listing(ModelRoute route, String source, RoutingTable current) {
        RoutingTable.Alias alias = current.alias(route.alias());
        List<String> instances = new ArrayList<>();
        if (alias != null) {
            alias.routes().forEach(r -> instances.add(r.instanceId() + "/" + r.model().id()));
        }
        return new RouteListing(route.definition(), source, instances, alias != null);
    }

    private void publish() {
        Map<String, ModelRoute> merged = new LinkedHashMap<>(etc);
        merged.putAll(runtime);
        table.accept(Map.copyOf(merged));
    }
}
