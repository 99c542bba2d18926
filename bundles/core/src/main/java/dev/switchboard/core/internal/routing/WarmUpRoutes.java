package dev.switchboard.core.internal.routing;

import java.util.function.Supplier;

/**
 * The routing table as the start-up warm-up sees it: only the routes of the mock provider, so a warm-up request can
 * never reach a real upstream (nor cost money), whatever model it names. Rebuilt when the table it filters changes,
 * which the warm-up's few seconds rarely see.
 */
public final class WarmUpRoutes implements Supplier<RoutingTable> {

    /** The provider type whose instances answer without a network. */
    public static final String MOCK = "mock";

    private final Supplier<RoutingTable> source;
    private volatile Filtered last = new Filtered(null, RoutingTable.EMPTY);

    private record Filtered(RoutingTable source, RoutingTable mockOnly) {
    }

    public WarmUpRoutes(Supplier<RoutingTable> source) {
        this.source = source;
    }

    @Override
    public RoutingTable get() {
        RoutingTable current = source.get();
        Filtered filtered = last;
        if (filtered.source() != current) {
            filtered = new Filtered(current, current.only(route -> MOCK.equals(route.providerType())));
            last = filtered;
        }
        return filtered.mockOnly();
    }
}
