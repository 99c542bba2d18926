package dev.switchboard.core.internal.health;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.HealthCheckResult;
import dev.switchboard.api.provider.HealthCheckable;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.core.api.MetricNames;
import dev.switchboard.core.internal.routing.Route;
import dev.switchboard.core.internal.routing.RoutingTable;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checks: on every {@link #tick()} (core's one health thread, about once a second) each serving
 * instance whose provider offers {@link HealthCheckable} and whose interval has passed is checked, without
 * waiting for the answer (a tick never blocks). The outcome feeds the instance's {@link RouteHealth}: a failure
 * of the provider counts like a failed call; a pass is a success for the breaker, so in half-open it is one of
 * the probes that close it. A check starts only when the breaker lets a call through ({@code tryAcquire}), so an
 * open circuit still cooling down is left alone. What the upstream cannot answer (no such endpoint, a bad
 * request) and bugs in the check are inconclusive and count toward nothing. A check that outlives its timeout
 * is cancelled and counted as a {@code TIMEOUT}. Outcomes are counted in
 * {@code switchboard.health.checks{instance,outcome}} and timed in {@code switchboard.health.check.latency}.
 */
public final class HealthChecks {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);

    /** What a scheduled check came to. */
    public enum Outcome { PASSED, FAILED, INCONCLUSIVE, SKIPPED }

    /** One instance to check, with the health its routes share. */
    record Target(ProviderInstance instance, RouteHealth health) {
    }

    /** When each instance was last checked and the check still waiting for its answer. */
    private static final class Schedule {
        volatile long lastStartNanos;
        volatile boolean started;
        volatile CompletableFuture<HealthCheckResult> pending;
        volatile long pendingSinceNanos;
    }

    private final Supplier<RoutingTable> table;
    private final LongSupplier nanoClock;
    private final MetricRegistry registry;
    private final Map<String, Schedule> schedules = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private volatile HealthCheckSettings settings;

    public HealthChecks(Supplier<RoutingTable> table, HealthCheckSettings settings, LongSupplier nanoClock,
                        MetricRegistry registry) {
        this.table = table;
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.registry = registry;
    }

    public void configure(HealthCheckSettings newSettings) {
        settings = newSettings;
    }

    /** Starts the checks that are due; returns at once. */
    public void tick() {
        long now = nanoClock.getAsLong();
        HealthCheckSettings rules = settings;
        Map<String, Target> targets = targets(table.get());
        schedules.keySet().retainAll(targets.keySet());
        for (Map.Entry<String, Target> entry : targets.entrySet()) {
            String id = entry.getKey();
            Target target = entry.getValue();
            if (!(target.instance() instanceof HealthCheckable checkable)) {
                continue;
            }
            long intervalMillis = rules.intervalMillis(target.instance().config());
            if (intervalMillis <= 0) {
                continue;
            }
            Schedule schedule = schedules.computeIfAbsent(id, key -> new Schedule());
            CompletableFuture<HealthCheckResult> pending = schedule.pending;
            if (pending != null) {
                if (now - schedule.pendingSinceNanos >= TimeUnit.MILLISECONDS.toNanos(rules.timeoutMillis())) {
                    // a check that never answers is a down upstream, and must not stop the next check
                    pending.completeExceptionally(new ProviderException(ErrorCode.TIMEOUT,
                            "health check of '" + id + "' did not answer in time", true, null, 0, null));
                }
                continue;
            }
            if (schedule.started && now - schedule.lastStartNanos < TimeUnit.MILLISECONDS.toNanos(intervalMillis)) {
                continue;
            }
            schedule.started = true;
            schedule.lastStartNanos = now;
            if (!target.health().tryAcquire()) {
                count(id, Outcome.SKIPPED);
                continue;
            }
            start(id, checkable, target, schedule, now, rules.timeoutMillis());
        }
    }

    private void start(String id, HealthCheckable checkable, Target target, Schedule schedule, long startNanos,
                       long timeoutMillis) {
        CompletableFuture<HealthCheckResult> pending = new CompletableFuture<>();
        schedule.pending = pending;
        schedule.pendingSinceNanos = startNanos;
        CompletionStage<HealthCheckResult> call;
        try {
            call = checkable.check(new CallContext("health-" + id, Instant.now().plusMillis(timeoutMillis)));
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        CompletionStage<HealthCheckResult> upstream = call;
        upstream.whenComplete((result, failure) -> {
            if (failure == null) {
                pending.complete(result);
            } else {
                pending.completeExceptionally(failure);
            }
        });
        pending.whenComplete((result, failure) -> {
            schedule.pending = null;
            if (failure != null) {
                // our own timeout: stop the upstream call
                upstream.toCompletableFuture().cancel(true);
            }
            finish(id, target, nanoClock.getAsLong() - startNanos, failure);
        });
    }

    private void finish(String id, Target target, long latencyNanos, Throwable failure) {
        registry.timer(MetricNames.tagged("switchboard.health.check.latency", "instance", id))
                .update(latencyNanos, TimeUnit.NANOSECONDS);
        if (failure == null) {
            target.health().breaker().recordSuccess(latencyNanos);
            count(id, Outcome.PASSED);
            return;
        }
        Throwable cause = unwrap(failure);
        if (countsAsDown(cause)) {
            target.health().recordFailure();
            count(id, Outcome.FAILED);
            LOG.debug("Health check of '{}' failed: {}", id, ((ProviderException) cause).code());
        } else {
            count(id, Outcome.INCONCLUSIVE);
            LOG.debug("Health check of '{}' was inconclusive: {}", id, cause.getClass().getSimpleName());
        }
    }

    /** A failure of the provider, not of the check: the same rule as for calls, and a missing endpoint is no verdict. */
    static boolean countsAsDown(Throwable failure) {
        return failure instanceof ProviderException provider && !provider.code().isClientFault()
                && provider.code() != ErrorCode.NOT_FOUND;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Cancels the checks still waiting (core is stopping). */
    public void cancelPending() {
        schedules.values().forEach(schedule -> {
            CompletableFuture<HealthCheckResult> pending = schedule.pending;
            if (pending != null) {
                pending.cancel(true);
            }
        });
    }

    /** How many scheduled checks of the instance came to {@code outcome}. */
    public long checks(String instanceId, Outcome outcome) {
        return counter(instanceId, outcome).getCount();
    }

    private void count(String instanceId, Outcome outcome) {
        counter(instanceId, outcome).inc();
    }

    private Counter counter(String instanceId, Outcome outcome) {
        return counters.computeIfAbsent(instanceId + '|' + outcome, key -> registry.counter(
                MetricNames.tagged("switchboard.health.checks", "instance", instanceId, "outcome",
                        outcome.name().toLowerCase(Locale.ROOT))));
    }

    /** Each instance of the table once, with its health. */
    static Map<String, Target> targets(RoutingTable table) {
        Map<String, Target> targets = new LinkedHashMap<>();
        for (List<Route> routes : table.byModel().values()) {
            for (Route route : routes) {
                targets.putIfAbsent(route.instanceId(), new Target(route.instance(), route.health()));
            }
        }
        return targets;
    }

    /**
     * The models and routes (aliases) of the table that nothing can serve now: every route's circuit is open (and
     * cooling down), or, for an alias, none of the models it names is served at all. An alias one of whose
     * candidates can serve is served, whatever its first model's state. Sorted; empty when all can be served.
     */
    public static List<String> unservedModels(RoutingTable table) {
        Set<String> unserved = new HashSet<>();
        table.byModel().forEach((model, routes) -> {
            if (routes.stream().allMatch(route -> route.health().isOpen())) {
                unserved.add(model);
            }
        });
        table.aliases().forEach((alias, served) -> {
            if (served.routes().stream().allMatch(route -> route.health().isOpen())) {
                unserved.add(alias);
            }
        });
        return unserved.stream().sorted().toList();
    }
}
