package dev.switchboard.quota.budget.internal;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.event.EventProperties;
import dev.switchboard.api.event.GatewayEvents;
import dev.switchboard.api.quota.ClusterDefinableQuota;
import dev.switchboard.api.quota.InspectableQuota;
import dev.switchboard.api.quota.QuotaDecision;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import dev.switchboard.api.quota.QuotaUsage;
import dev.switchboard.api.state.SharedBudgets;
import dev.switchboard.api.state.SharedBudgets.BudgetState;
import dev.switchboard.support.quota.NamedDefinitions;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Budgets that hold across the cluster: before the call, each budget that applies to the request reserves the
 * request's maximum cost in the grid ({@link SharedBudgets}, one atomic step on the budget's owner) and the request
 * is refused if that would take spent + reserved past the limit; after it, the reservation is settled to the actual
 * cost, or released when the request failed. Every step is idempotent per request id. So spent never passes the
 * limit except by what requests cost beyond their reserved maximum (a prompt estimate too low), and the published
 * bound, overspend at most one request's maximum cost whatever the number of nodes, holds with room to spare.
 *
 * <p>A request to which no budget applies costs one loop over the budgets and no grid call; one that a budget
 * applies to costs one asynchronous grid round trip before the call (core does not hold a thread meanwhile) and
 * one after it (settle, not waited for).
 */
@Component(service = QuotaStrategy.class, configurationPid = BudgetConfig.PID,
        property = {QuotaStrategy.NAME_PROPERTY + "=" + BudgetQuota.NAME,
                EventProperties.QUOTA_KIND_SERVICE_PROPERTY + "=" + EventProperties.KIND_QUOTA})
@Designate(ocd = BudgetConfig.class)
public final class BudgetQuota implements QuotaStrategy, InspectableQuota, ClusterDefinableQuota {

    public static final String NAME = "budget";

    private static final Logger LOG = LoggerFactory.getLogger(BudgetQuota.class);
    private static final CompletableFuture<QuotaDecision> ADMITTED = CompletableFuture.completedFuture(QuotaDecision.ADMIT);
    private static final NamedDefinitions<BudgetDefinition> DEFINITIONS =
            new NamedDefinitions<>("budget", "budget", BudgetDefinition::parse, BudgetDefinition::name);

    private final SharedBudgets grid;
    /** This node's configuration's budgets ({@code etc/dev.switchboard.quota.budget.cfg}). */
    private final List<BudgetDefinition> configured;
    /** What is enforced: the configured budgets, those of the cluster replacing any of the same name. */
    private volatile List<BudgetDefinition> budgets;
    private final Duration hold;
    private final Clock clock;
    private final BudgetAlerts alerts = new BudgetAlerts();
    /** What each node admitted on its own per budget period while the grid was unreachable (local-cap policy). */
    private final ConcurrentHashMap<String, AtomicLong> admittedAlone = new ConcurrentHashMap<>();

    @Activate
    public BudgetQuota(@Reference(name = "budgets") SharedBudgets grid, BudgetConfig config) {
        this(grid, parse(config.budgets()), Duration.ofSeconds(Math.max(1, config.hold_seconds())), Clock.systemUTC());
    }

    BudgetQuota(SharedBudgets grid, List<BudgetDefinition> budgets, Duration hold, Clock clock) {
        this.grid = grid;
        this.configured = List.copyOf(budgets);
        this.budgets = this.configured;
        this.hold = hold;
        this.clock = clock;
    }

    /** Every entry parsed; a malformed one fails activation, naming it, rather than leaving a budget unenforced. */
    static List<BudgetDefinition> parse(String[] entries) {
        return DEFINITIONS.parse(entries);
    }

    /** Threshold crossings are also published as {@code budget.threshold} while core's GatewayEvents is there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEvents(GatewayEvents events) {
        alerts.publishTo(events);
    }

    void unbindEvents(GatewayEvents events) {
        alerts.stopPublishingTo(events);
    }

    @Override
    public String definitionsPid() {
        return BudgetConfig.PID;
    }

    @Override
    public String definitionsProperty() {
        return "budgets";
    }

    @Override
    public String validate(String definition) {
        return DEFINITIONS.validate(definition);
    }

    /**
     * The cluster's budgets (stored, shared through the grid by core) with this node's configured ones: a cluster
     * budget replaces a configured one of the same name. Spent amounts live in the grid under the budget's name, so
     * a changed limit applies to what the period has spent so far.
     */
    @Override
    public void defineFromCluster(List<String> definitions) {
        budgets = DEFINITIONS.withCluster(definitions, configured);
    }

    @Override
    public String name() {
        return NAME;
    }

    List<BudgetDefinition> budgets() {
        return budgets;
    }

    /** Blocking form for callers of the 1.0 SPI; core asks {@link #checkAsync}. */
    @Override
    public QuotaDecision check(QuotaRequest request) {
        return checkAsync(request).toCompletableFuture().join();
    }

    @Override
    public CompletionStage<QuotaDecision> checkAsync(QuotaRequest request) {
        List<BudgetDefinition> budgets = this.budgets;
        List<CompletableFuture<QuotaDecision>> decisions = null;
        for (int i = 0; i < budgets.size(); i++) {
            BudgetDefinition budget = budgets.get(i);
            if (applies(budget, request)) {
                if (decisions == null) {
                    decisions = new ArrayList<>(2);
                }
                decisions.add(reserve(budget, request));
            }
        }
        if (decisions == null) {
            return ADMITTED;
        }
        if (decisions.size() == 1) {
            return decisions.get(0);
        }
        List<CompletableFuture<QuotaDecision>> all = decisions;
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(done -> {
            for (CompletableFuture<QuotaDecision> decision : all) {
                if (!decision.join().admitted()) {
                    return decision.join();
                }
            }
            return all.get(0).join();
        });
    }

    private static boolean applies(BudgetDefinition budget, QuotaRequest request) {
        return budget.scope().matches(request)
                && (budget.period() != BudgetPeriod.SESSION || request.session() != null);
    }

    /** The period's name in the grid key: the calendar period, or the request's session. */
    private static String period(BudgetDefinition budget, QuotaRequest request, Instant now) {
        return budget.period() == BudgetPeriod.SESSION ? "session:" + request.session()
                : budget.period().key(now, budget.zone());
    }

    /** What the request may use at most, in the budget's units. */
    private static long amount(BudgetDefinition budget, QuotaRequest request) {
        return switch (budget.dimension()) {
            case COST -> BudgetDefinition.toNanos(request.maxCostUsd());
            case TOKENS -> Math.max(0, request.estimatedTokens());
            case REQUESTS -> 1;
        };
    }

    private CompletableFuture<QuotaDecision> reserve(BudgetDefinition budget, QuotaRequest request) {
        Instant now = clock.instant();
        String period = period(budget, request, now);
        long amount = amount(budget, request);
        CompletableFuture<BudgetState> reserved;
        try {
            reserved = grid.reserve(key(budget, request, period), requestId(request), amount, budget.limitNanos(), hold,
                    budget.period().keepFor(now, budget.zone())).toCompletableFuture();
        } catch (RuntimeException e) {
            reserved = CompletableFuture.failedFuture(e);
        }
        return reserved.handle((state, failure) -> failure == null ? decide(budget, now, state)
                : unreachable(budget, period, amount, now, failure));
    }

    private QuotaDecision decide(BudgetDefinition budget, Instant now, BudgetState state) {
        boolean cost = budget.dimension() == BudgetDefinition.Dimension.COST;
        long limit = cost ? cents(budget.limitNanos()) : budget.limitNanos();
        long used = cost ? cents(state.spent() + state.reserved()) : state.spent() + state.reserved();
        if (state.granted()) {
            return QuotaDecision.admit(limit, Math.max(0, limit - used));
        }
        String per = budget.period().name().toLowerCase(java.util.Locale.ROOT);
        return new QuotaDecision(false, (cost ? "Budget '" : "Quota '") + budget.name() + "' would be exceeded: "
                + budget.limitUsd().toPlainString() + " " + budget.unit() + " per " + per + ", "
                + budget.readable(state.spent()).toPlainString() + " used and "
                + budget.readable(state.reserved()).toPlainString() + " held by requests in flight",
                untilReset(budget, now), limit, Math.max(0, limit - used),
                cost ? "budget_exceeded" : "insufficient_quota",
                cost ? "cost-usd-cents" : budget.dimension().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The grid cannot be reached: the budget's policy decides (fail closed, or a cap this node admits alone). */
    private QuotaDecision unreachable(BudgetDefinition budget, String period, long amount, Instant now,
                                      Throwable failure) {
        if (!budget.failsClosed()) {
            AtomicLong alone = admittedAlone.computeIfAbsent(budget.name() + ':' + period, k -> new AtomicLong());
            long cap = budget.units(budget.localCapUsd());
            long after = alone.addAndGet(amount);
            if (after <= cap) {
                LOG.warn("Budget '{}' cannot reach the grid ({}); admitted on this node's local cap ({} of {} {})",
                        budget.name(), failure.toString(), budget.readable(after).toPlainString(),
                        budget.localCapUsd().toPlainString(), budget.unit());
                return QuotaDecision.ADMIT;
            }
            alone.addAndGet(-amount);
        }
        LOG.warn("Budget '{}' cannot reach the grid ({}); request refused ({})", budget.name(), failure.toString(),
                budget.failsClosed() ? "fail-closed" : "local cap reached");
        return new QuotaDecision(false, "Budget '" + budget.name() + "' cannot be checked right now; retry shortly",
                Duration.ofSeconds(5), -1, -1, "budget_unavailable", "cost-usd-cents");
    }

    @Override
    public void record(QuotaRequest request, Usage usage, BigDecimal costUsd) {
        List<BudgetDefinition> budgets = this.budgets;
        for (int i = 0; i < budgets.size(); i++) {
            BudgetDefinition budget = budgets.get(i);
            if (!applies(budget, request)) {
                continue;
            }
            long actual = switch (budget.dimension()) {
                case COST -> BudgetDefinition.toNanos(costUsd == null ? BigDecimal.ZERO : costUsd);
                case TOKENS -> usage == null ? 0 : Math.max(0, usage.totalTokens());
                case REQUESTS -> 1;
            };
            Instant now = clock.instant();
            String period = period(budget, request, now);
            try {
                grid.settle(key(budget, request, period), requestId(request), actual, budget.period().keepFor(now, budget.zone()))
                        .whenComplete((state, failure) -> {
                            if (failure != null) {
                                LOG.warn("Budget '{}' could not book {} USD for {}: {}", budget.name(),
                                        costUsd, request.requestId(), failure.toString());
                            } else if (state.granted()) {
                                alerts.raise(budget, request, period, state.spentBefore(), state.spent(), now);
                            }
                        });
            } catch (RuntimeException e) {
                LOG.warn("Budget '{}' could not book {} USD for {}: {}", budget.name(), costUsd, request.requestId(),
                        e.toString());
            }
        }
    }

    @Override
    public void release(QuotaRequest request) {
        List<BudgetDefinition> budgets = this.budgets;
        for (int i = 0; i < budgets.size(); i++) {
            BudgetDefinition budget = budgets.get(i);
            if (applies(budget, request)) {
                String period = period(budget, request, clock.instant());
                try {
                    // not waited for: a release that never arrives is dropped by the grid after the hold
                    grid.release(key(budget, request, period), requestId(request));
                } catch (RuntimeException e) {
                    LOG.debug("Budget '{}' could not release {}: {}", budget.name(), request.requestId(), e.toString());
                }
            }
        }
    }

    @Override
    public List<QuotaUsage> usage() {
        List<BudgetDefinition> budgets = this.budgets;
        Instant now = clock.instant();
        List<QuotaUsage> usage = new ArrayList<>(budgets.size());
        for (BudgetDefinition budget : budgets) {
            if (budget.scope().eachValue() || budget.period() == BudgetPeriod.SESSION) {
                continue; // one per value or session: not listed (the values are not known here)
            }
            String period = budget.period().key(now, budget.zone());
            BudgetState state = grid.read(key(budget, period));
            boolean cost = budget.dimension() == BudgetDefinition.Dimension.COST;
            long divisor = cost ? 1000 : 1;
            usage.add(new QuotaUsage(NAME, budget.name(), budget.scope().toString(),
                    cost ? "cost-micro-usd" : budget.dimension().name().toLowerCase(java.util.Locale.ROOT), period,
                    state.spent() / divisor, state.reserved() / divisor, budget.limitNanos() / divisor,
                    budget.period().end(now, budget.zone()), "exact"));
        }
        return usage;
    }

    @Override
    public boolean reset(String name) {
        List<BudgetDefinition> budgets = this.budgets;
        Instant now = clock.instant();
        for (BudgetDefinition budget : budgets) {
            if (budget.name().equals(name) && budget.period() != BudgetPeriod.SESSION) {
                grid.reset(key(budget, budget.period().key(now, budget.zone())));
                LOG.info("Budget '{}' reset for its current period", name);
                return true;
            }
        }
        return false;
    }

    List<BudgetAlerts.Alert> recentAlerts() {
        return alerts.recent();
    }

    static String key(BudgetDefinition budget, String period) {
        return "budget:" + budget.name() + ':' + period;
    }

    /** A {@code kind:*} budget counts each value (each tenant, each key) on its own. */
    static String key(BudgetDefinition budget, QuotaRequest request, String period) {
        return budget.scope().eachValue()
                ? "budget:" + budget.name() + ':' + budget.scope().valueOf(request) + ':' + period
                : key(budget, period);
    }

    private static String requestId(QuotaRequest request) {
        // a 1.0 caller gives no id: such a reservation cannot be settled and is dropped after its hold
        return request.requestId() != null ? request.requestId() : "anonymous-" + System.nanoTime();
    }

    private static long cents(long nanos) {
        return nanos / 10_000_000L;
    }

    private Duration untilReset(BudgetDefinition budget, Instant now) {
        Instant end = budget.period().end(now, budget.zone());
        return end == null ? Duration.ofHours(1) : Duration.between(now, end);
    }
}
