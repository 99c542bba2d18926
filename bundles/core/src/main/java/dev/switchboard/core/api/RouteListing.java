package dev.switchboard.core.api;

import java.util.List;

/**
 * A route as this node serves it: its definition, where it comes from ({@link #ETC}: {@code dev.switchboard.core}
 * on this node; {@link #RUNTIME}: set through the shell or the admin API, shared by every node and kept in the
 * store), the instances that can serve it now in order, and whether it is in effect (a route named like a model a
 * provider serves is not: a model id always means that model).
 */
public record RouteListing(RouteDefinition definition, String source, List<String> instances, boolean active) {

    public static final String ETC = "etc";
    public static final String RUNTIME = "runtime";

    public RouteListing {
        instances = List.copyOf(instances);
    }
}
