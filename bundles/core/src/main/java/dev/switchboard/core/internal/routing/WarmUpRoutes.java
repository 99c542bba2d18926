package dev.switchboard.core.internal.routing;

import java.util.List;
import java.util.function.Supplier;

/**
 * The routing table as the start-up warm-up sees it: only the routes of the mock provider, so a warm-up request can
 * never reach a real upstream (nor cost money), whatever model it names; and, while a warm-up is open with one, the
 * {@link WarmUpRelayRoute relay route} (an {@code openai} instance whose upstream is the gateway's own listener). The
 * relay is in this table only, never in the clients' one. Rebuilt when the table it filters or the relay changes,
 * which the warm-up's few seconds rarely see.
 */
public final class WarmUpRoutes implements Supplier<RoutingTable> {

    /** The provider type whose instances answer without a network. */
    public static final String MOCK = "mock";

    private final Supplier<RoutingTable> source;
    private static final Relay NO_RELAY = new Relay(List.of(), false);
    private volatile Filtered last = new Filtered(null, NO_RELAY, RoutingTable.EMPTY);
    /** the relay's routes while a warm-up with one is open, else none */
    private volatile Relay relay = NO_RELAY;

    private record Relay(List<Route> routes, boolean streams) {
    }

    private record Filtered(RoutingTable source, Relay relay, RoutingTable warmUp) {
    }

    public WarmUpRoutes(Supplier<RoutingTable> source) {
        this.source = source;
    }

    @Override
    public RoutingTable get() {
        RoutingTable current = source.get();
        Relay relayed = relay;
        Filtered filtered = last;
        if (filtered.source() != current || filtered.relay() != relayed) {
            filtered = new Filtered(current, relayed, current.only(route -> MOCK.equals(route.providerType()))
                    .plus(relayed.routes(), route -> relayed.streams()));
            last = filtered;
        }
        return filtered.warmUp();
    }

    /** The mock's table as it is now, without the relay (what the relay may name upstream). */
    RoutingTable mockOnly() {
        return source.get().only(route -> MOCK.equals(route.providerType()));
    }

    /** Adds the relay's routes (replacing any earlier), streaming when its provider type streams. */
    void relay(List<Route> routes, boolean streams) {
        relay = new Relay(List.copyOf(routes), streams);
    }

    /** Removes the relay's routes. */
    void noRelay() {
        relay = NO_RELAY;
    }
}
