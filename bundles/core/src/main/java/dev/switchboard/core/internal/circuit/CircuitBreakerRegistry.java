package dev.switchboard.core.internal.circuit;

import dev.switchboard.api.selection.CircuitState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * This node's breakers, one per instance id, made on first use and kept for the life of core (an instance that
 * comes back under its id keeps what was learnt about it). Transitions go to the {@link CircuitListener} set with
 * {@link #publishTo} (the grid); states learnt from the grid come in through {@link #adopt}.
 */
public final class CircuitBreakerRegistry {

    private final ConcurrentMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private volatile CircuitPolicy policy;
    private volatile CircuitListener publisher = CircuitListener.NONE;

    public CircuitBreakerRegistry(CircuitPolicy policy, LongSupplier nanoClock) {
        this.policy = policy;
        this.nanoClock = nanoClock;
    }

    public CircuitBreaker breaker(String instanceId) {
        CircuitBreaker breaker = breakers.get(instanceId);
        return breaker != null ? breaker : breakers.computeIfAbsent(instanceId,
                id -> new CircuitBreaker(id, policy, nanoClock, this::published));
    }

    public Optional<CircuitBreaker> find(String instanceId) {
        return Optional.ofNullable(breakers.get(instanceId));
    }

    /** Every breaker, by instance id. */
    public List<CircuitBreaker> all() {
        List<CircuitBreaker> all = new ArrayList<>(breakers.values());
        all.sort((a, b) -> a.instanceId().compareTo(b.instanceId()));
        return all;
    }

    public void configure(CircuitPolicy newPolicy) {
        policy = newPolicy;
        breakers.values().forEach(breaker -> breaker.configure(newPolicy));
    }

    public void publishTo(CircuitListener listener) {
        publisher = listener == null ? CircuitListener.NONE : listener;
    }

    /** Closes an instance's circuit here and on every node; false when this node knows no such instance. */
    public boolean reset(String instanceId) {
        CircuitBreaker breaker = breakers.get(instanceId);
        if (breaker == null) {
            return false;
        }
        breaker.reset();
        return true;
    }

    /** A transition another node reported. */
    public void adopt(String instanceId, CircuitState state, long ageMillis) {
        breaker(instanceId).adopt(state, ageMillis);
    }

    private void published(String instanceId, CircuitState state) {
        publisher.transitioned(instanceId, state);
    }
}
