package dev.switchboard.core.internal.health;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * Readiness on start-up: core is not ready while an instance the operator configured still waits for its provider
 * bundle to start, so {@code /health} does not send traffic that would get {@code model_not_found} for a model
 * that is seconds away (the bench's cold-start row saw that for ~8 s on a loaded machine: the mock serving, the
 * openai bundle not started yet). Once nothing waits, or {@code graceMillis} after activation (a provider that
 * never arrives must not keep a node out of its load balancer for ever), the gate opens and stays open: a
 * provider bundle removed later, by hot undeploy, is the operator's act and changes only that instance's routes.
 */
public final class StartupGate {

    private final LongSupplier nanoClock;
    private final long openAtNanos;
    private volatile boolean open;

    public StartupGate(long graceMillis, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.openAtNanos = nanoClock.getAsLong() + graceMillis * 1_000_000L;
    }

    /** True once {@code waiting} has been empty (or the grace period has passed); latched. */
    public boolean open(List<String> waiting) {
        if (!open && (waiting.isEmpty() || nanoClock.getAsLong() - openAtNanos >= 0)) {
            open = true;
        }
        return open;
    }
}
