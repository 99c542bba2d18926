package dev.switchboard.quota.ratelimit.internal;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.event.EventProperties;
import dev.switchboard.api.quota.ClusterDefinableQuota;
import dev.switchboard.api.quota.InspectableQuota;
import dev.switchboard.api.quota.QuotaDecision;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import dev.switchboard.api.quota.QuotaUsage;
import dev.switchboard.api.state.SharedBudgets;
import dev.switchboard.api.state.SharedCounters;
import dev.switchboard.api.state.SharedRateLimits;
import dev.switchboard.api.state.SharedRateLimits.RateState;
import dev.switchboard.support.quota.NamedDefinitions;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate limits on requests, tokens and cost per second, minute, hour or day, and on concurrent requests, each for a
 * scope (tenant, project, key, user, session, model, provider; one value, every value on its own, or everyone).
 * Each limit says where it is counted:
 * <ul>
 *   <li>{@code local}: on this node ({@link LocalLimit}), synced to the cluster in the background: no grid call
 *       on the request path, overshoot across nodes about (nodes - 1) x rate x sync interval;</li>
 *   <li>{@code exact}: one atomic step in the grid per request ({@link SharedRateLimits}; concurrency through
 *       {@link SharedBudgets} reservations, given back by request id): never more than the limit across nodes,
 *       for one asynchronous grid round trip (core holds no thread meanwhile).</li>
 * </ul>
 * Tokens and cost count the estimate (prompt + max_tokens x n; the maximum cost) before the call and are corrected
 * to what the answer used after it; a request that fails gives them back. Requests count when admitted, failed ones
 * included. A denial is a 429 with Retry-After and {@code x-ratelimit-*-<dimension>}.
 */
@Component(service = QuotaStrategy.class, configurationPid = RateLimitConfig.PID,
        property = {QuotaStrategy.NAME_PROPERTY + "=" + RateLimitQuota.NAME,
                // windows and buckets, not calendar periods: a denial is a rate-limit.exceeded
                EventProperties.QUOTA_KIND_SERVICE_PROPERTY + "=" + EventProperties.KIND_RATE_LIMIT})
@Designate(ocd = RateLimitConfig.class)
public final class RateLimitQuota implements QuotaStrategy, InspectableQuota, ClusterDefinableQuota {

    public static final String NAME = "rate-limit";

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitQuota.class);
    private static final CompletableFuture<QuotaDecision> ADMITTED = CompletableFuture.completedFuture(QuotaDecision.ADMIT);
    private static final int PRUNE_ABOVE = 10_000;
    private static final NamedDefinitions<RateLimitRule> DEFINITIONS =
            new NamedDefinitions<>("limit", "rate limit", RateLimitRule::parse, RateLimitRule::name);

    /** This node's configuration's limits ({@code etc/dev.switchboard.quota.ratelimit.cfg}). */
    private final List<RateLimitRule> configured;
    /** What is enforced: the configured limits, those of the cluster replacing any of the same name. */
    private volatile List<RateLimitRule> rules;
    private final SharedCounters counters;
    private final SharedRateLimits exact;
    private final SharedBudgets slots;
    private final long syncMillis;
    private final Duration hold;
    private final LongSupplier millis;
    private final LongSupplier nanos;
    /** rule name + scope value -> its local count. */
    private final ConcurrentHashMap<String, LocalLimit> locals = new ConcurrentHashMap<>();
    /** rule name + scope value -> this node's requests in flight (local concurrency limits). */
    private final ConcurrentHashMap<String, AtomicInteger> running = new ConcurrentHashMap<>();
    /** Requests this strategy counted something for that a release must give back (request id + rule). */
    private final Set<String> holding = ConcurrentHashMap.newKeySet();
    /** Keys of exact limits this node asked for, so operators can list them. */
    private final Set<String> exactKeys = ConcurrentHashMap.newKeySet();

    @Activate
    public RateLimitQuota(@Reference(name = "counters") SharedCounters counters,
                          @Reference(name = "exact") SharedRateLimits exact,
                          @Reference(name = "slots") SharedBudgets slots, RateLimitConfig config) {
        this(parse(config.limits()), counters, exact, slots, Math.max(0, config.sync_interval_ms()),
                Duration.ofSeconds(Math.max(1, config.hold_seconds())), System::currentTimeMillis, System::nanoTime);
    }

    RateLimitQuota(List<RateLimitRule> rules, SharedCounters counters, SharedRateLimits exact, SharedBudgets slots,
                   long syncMillis, Duration hold, LongSupplier millis, LongSupplier nanos) {
        this.configured = List.copyOf(rules);
        this.rules = this.configured;
        this.counters = counters;
        this.exact = exact;
        this.slots = slots;
        this.syncMillis = syncMillis;
        this.hold = hold;
        this.millis = millis;
        this.nanos = nanos;
    }

    /** Every entry parsed; a malformed one fails activation, naming it, rather than leaving a limit unenforced. */
    static List<RateLimitRule> parse(String[] entries) {
        return DEFINITIONS.parse(entries);
    }

    @Override
    public String definitionsPid() {
        return RateLimitConfig.PID;
    }

    @Override
    public String definitionsProperty() {
        return "limits";
    }

    @Override
    public String validate(String definition) {
        return DEFINITIONS.validate(definition);
    }

    /**
     * The cluster's limits (stored, shared through the grid by core) with this node's configured ones: a cluster
     * limit replaces a configured one of the same name. A limit that changed or went drops this node's local
     * counters (they were made for its old rate); the next request starts one from what the grid holds for the
     * window, and exact counts live in the grid under the limit's name, so a change does not reset a window.
     */
    @Override
    public synchronized void defineFromCluster(List<String> definitions) {
        List<RateLimitRule> next = DEFINITIONS.withCluster(definitions, configured);
        List<RateLimitRule> before = rules;
        rules = next;
        for (RateLimitRule old : before) {
            if (!next.contains(old)) {
                locals.keySet().removeIf(key -> owns(old, key));
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    List<RateLimitRule> rules() {
        return rules;
    }

    @Override
    public QuotaDecision check(QuotaRequest request) {
        return checkAsync(request).toCompletableFuture().join();
    }

    @Override
    public CompletionStage<QuotaDecision> checkAsync(QuotaRequest request) {
        List<RateLimitRule> rules = this.rules;
        List<CompletableFuture<QuotaDecision>> waiting = null;
        List<RateLimitRule> taken = null;
        for (int i = 0; i < rules.size(); i++) {
            RateLimitRule rule = rules.get(i);
            if (!rule.scope().matches(request)) {
                continue;
            }
            CompletableFuture<QuotaDecision> decision = take(rule, request);
            // looked at once: the grid's answer lands on its own thread, and one that landed between two looks
            // (not done, then done) was neither judged here nor waited for, so a denial passed as an admission
            boolean done = decision.isDone();
            if (done && !decision.join().admitted()) {
                undoOnceAnswered(taken, waiting, request);
                return decision;
            }
            if (taken == null) {
                taken = new ArrayList<>(2);
            }
            taken.add(rule);
            if (!done) {
                if (waiting == null) {
                    waiting = new ArrayList<>(2);
                }
                waiting.add(decision);
            }
        }
        if (waiting == null) {
            return ADMITTED;
        }
        List<CompletableFuture<QuotaDecision>> all = waiting;
        List<RateLimitRule> counted = taken;
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((done, failure) -> {
            for (CompletableFuture<QuotaDecision> decision : all) {
                if (!decision.join().admitted()) {
                    undo(counted, request);
                    return decision.join();
                }
            }
            return QuotaDecision.ADMIT;
        });
    }

    /** One rule's check; completes at once for a local one. Never fails: a grid failure is the rule's policy. */
    private CompletableFuture<QuotaDecision> take(RateLimitRule rule, QuotaRequest request) {
        String key = key(rule, request);
        long amount = rule.amount(request);
        if (rule.dimension() == RateLimitRule.Dimension.CONCURRENT) {
            return rule.mode() == RateLimitRule.Mode.EXACT ? takeSlotExactly(rule, key, request)
                    : CompletableFuture.completedFuture(takeSlotLocally(rule, key, request));
        }
        if (rule.mode() == RateLimitRule.Mode.LOCAL) {
            return CompletableFuture.completedFuture(takeLocally(rule, key, amount, request));
        }
        if (exactKeys.size() < PRUNE_ABOVE) {
            exactKeys.add(key);
        }
        CompletableFuture<RateState> asked;
        try {
            asked = exact.acquire(key, rule.algorithm(), amount, rule.limit(), rule.per()).toCompletableFuture();
        } catch (RuntimeException e) {
            asked = CompletableFuture.failedFuture(e);
        }
        return asked.handle((state, failure) -> {
            if (failure != null) {
                return unreachable(rule, key, amount, request, failure);
            }
            if (state.granted()) {
                hold(rule, request);
                return QuotaDecision.admit(rule.limit(), Math.max(0, rule.limit() - state.used()));
            }
            return denied(rule, state.used(), state.retryAfterMillis());
        });
    }

    private QuotaDecision takeLocally(RateLimitRule rule, String key, long amount, QuotaRequest request) {
        LocalLimit.Take take = local(rule, key).take(amount, false);
        if (!take.granted()) {
            return denied(rule, take.used(), take.retryAfterMillis());
        }
        hold(rule, request);
        return QuotaDecision.admit(rule.limit(), Math.max(0, rule.limit() - take.used()));
    }

    /** The grid is unreachable for an exact limit: fail closed, or count on this node alone. */
    private QuotaDecision unreachable(RateLimitRule rule, String key, long amount, QuotaRequest request,
                                      Throwable failure) {
        LOG.warn("Rate limit '{}' cannot reach the grid ({}); {}", rule.name(), failure.toString(),
                rule.failClosed() ? "request refused (fail-closed)" : "counted on this node alone");
        if (rule.failClosed()) {
            return new QuotaDecision(false, "Rate limit '" + rule.name() + "' cannot be checked right now; retry"
                    + " shortly", Duration.ofSeconds(1), -1, -1, "rate_limit_unavailable", rule.dimension().header);
        }
        return takeLocally(rule, key, amount, request);
    }

    private QuotaDecision takeSlotLocally(RateLimitRule rule, String key, QuotaRequest request) {
        AtomicInteger count = running.computeIfAbsent(key, k -> new AtomicInteger());
        if (count.incrementAndGet() > rule.limit()) {
            count.decrementAndGet();
            return denied(rule, rule.limit(), 1000);
        }
        hold(rule, request);
        return QuotaDecision.admit(rule.limit(), rule.limit() - count.get());
    }

    private CompletableFuture<QuotaDecision> takeSlotExactly(RateLimitRule rule, String key, QuotaRequest request) {
        CompletableFuture<SharedBudgets.BudgetState> asked;
        try {
            asked = slots.reserve(key, request.requestId(), 1, rule.limit(), hold, hold).toCompletableFuture();
        } catch (RuntimeException e) {
            asked = CompletableFuture.failedFuture(e);
        }
        return asked.handle((state, failure) -> {
            if (failure != null) {
                return unreachable(rule, key, 1, request, failure);
            }
            if (state.granted()) {
                hold(rule, request);
                return QuotaDecision.admit(rule.limit(), Math.max(0, rule.limit() - state.reservations()));
            }
            return denied(rule, state.reservations(), 1000);
        });
    }

    private QuotaDecision denied(RateLimitRule rule, long used, long retryAfterMillis) {
        String per = rule.per().toSeconds() == 1 ? "second" : rule.per().toMinutes() == 1 ? "minute"
                : rule.per().toHours() == 1 ? "hour" : "day";
        String what = rule.dimension() == RateLimitRule.Dimension.CONCURRENT
                ? "concurrent requests (limit " + rule.limit() + ")"
                : rule.dimension().header + " per " + per + " (limit " + rule.limit() + ", used " + used + ")";
        return new QuotaDecision(false, "Rate limit '" + rule.name() + "' reached for " + what,
                Duration.ofMillis(Math.max(1, retryAfterMillis)), rule.limit(), Math.max(0, rule.limit() - used),
                "rate_limit_exceeded", rule.dimension().header);
    }

    /** Remembers that the request holds something of the rule that its end must give back or correct. */
    private void hold(RateLimitRule rule, QuotaRequest request) {
        if ((rule.givesBackOnFailure() || rule.dimension() == RateLimitRule.Dimension.CONCURRENT)
                && request.requestId() != null) {
            holding.add(request.requestId() + '\u001f' + rule.name());
        }
    }

    private boolean held(RateLimitRule rule, QuotaRequest request) {
        return request.requestId() != null && holding.remove(request.requestId() + '\u001f' + rule.name());
    }

    /**
     * A denial at once gives back what the rules before it took; one still waiting for the grid holds its grant
     * only once answered, so it is given back then (not before, when there is nothing to give back yet).
     */
    private void undoOnceAnswered(List<RateLimitRule> taken, List<CompletableFuture<QuotaDecision>> waiting,
                                  QuotaRequest request) {
        if (waiting == null) {
            undo(taken, request);
        } else {
            CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new))
                    .whenComplete((done, failure) -> undo(taken, request));
        }
    }

    private void undo(List<RateLimitRule> taken, QuotaRequest request) {
        if (taken != null) {
            for (RateLimitRule rule : taken) {
                end(rule, request, null);
            }
        }
    }

    @Override
    public void record(QuotaRequest request, Usage usage, BigDecimal costUsd) {
        List<RateLimitRule> rules = this.rules;
        long tokens = usage == null ? 0 : usage.totalTokens();
        for (int i = 0; i < rules.size(); i++) {
            RateLimitRule rule = rules.get(i);
            if (rule.scope().matches(request)) {
                end(rule, request, rule.actual(request, tokens, costUsd));
            }
        }
    }

    @Override
    public void release(QuotaRequest request) {
        List<RateLimitRule> rules = this.rules;
        for (int i = 0; i < rules.size(); i++) {
            RateLimitRule rule = rules.get(i);
            if (rule.scope().matches(request)) {
                end(rule, request, null);
            }
        }
    }

    /** The request ended: {@code actual} what it used (null: nothing to bill, give back what it took). */
    private void end(RateLimitRule rule, QuotaRequest request, Long actual) {
        if (!held(rule, request)) {
            return;
        }
        String key = key(rule, request);
        if (rule.dimension() == RateLimitRule.Dimension.CONCURRENT) {
            if (rule.mode() == RateLimitRule.Mode.EXACT) {
                slots.release(key, request.requestId());
            }
            AtomicInteger count = running.get(key);
            if (rule.mode() == RateLimitRule.Mode.LOCAL && count != null) {
                count.decrementAndGet();
            }
            return;
        }
        long delta = (actual == null ? 0 : actual) - rule.amount(request);
        if (delta == 0) {
            return;
        }
        if (rule.mode() == RateLimitRule.Mode.EXACT) {
            try {
                exact.adjust(key, rule.algorithm(), delta, rule.limit(), rule.per()).whenComplete((s, failure) -> {
                    if (failure != null) {
                        local(rule, key).take(delta, true);
                    }
                });
            } catch (RuntimeException e) {
                local(rule, key).take(delta, true);
            }
        } else {
            local(rule, key).take(delta, true);
        }
    }

    private LocalLimit local(RateLimitRule rule, String key) {
        LocalLimit limit = locals.get(key);
        if (limit == null) {
            if (locals.size() > PRUNE_ABOVE) {
                long idle = millis.getAsLong() - 2 * 86_400_000L;
                locals.values().removeIf(l -> l.lastUsedMillis < idle);
            }
            limit = locals.computeIfAbsent(key, k -> new LocalLimit(k, rule.algorithm(), rule.limit(), rule.per(),
                    syncMillis, counters, millis, nanos));
        }
        return limit;
    }

    /** The counting key: the rule, and for a {@code kind:*} rule the request's value of that kind. */
    static String key(RateLimitRule rule, QuotaRequest request) {
        return rule.scope().eachValue() ? rule.name() + ':' + rule.scope().valueOf(request) : rule.name();
    }

    @Override
    public List<QuotaUsage> usage() {
        List<RateLimitRule> rules = this.rules;
        List<QuotaUsage> usage = new ArrayList<>();
        Instant now = Instant.ofEpochMilli(millis.getAsLong());
        for (RateLimitRule rule : rules) {
            String mode = rule.mode().name().toLowerCase(java.util.Locale.ROOT);
            String window = rule.algorithm().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " per "
                    + rule.per();
            if (rule.dimension() == RateLimitRule.Dimension.CONCURRENT) {
                running.forEach((key, count) -> {
                    if (owns(rule, key)) {
                        usage.add(new QuotaUsage(NAME, rule.name(), scopeOf(rule, key), rule.dimension().header,
                                "now", count.get(), 0, rule.limit(), null, mode));
                    }
                });
                continue;
            }
            if (rule.mode() == RateLimitRule.Mode.EXACT) {
                for (String key : exactKeys) {
                    if (owns(rule, key)) {
                        long used = exact.acquire(key, rule.algorithm(), 0, rule.limit(), rule.per())
                                .toCompletableFuture().join().used();
                        usage.add(new QuotaUsage(NAME, rule.name(), scopeOf(rule, key), rule.dimension().header,
                                window, used, 0, rule.limit(), now.plus(rule.per()), mode));
                    }
                }
            } else {
                for (Map.Entry<String, LocalLimit> entry : locals.entrySet()) {
                    if (owns(rule, entry.getKey())) {
                        usage.add(new QuotaUsage(NAME, rule.name(), scopeOf(rule, entry.getKey()),
                                rule.dimension().header, window, entry.getValue().used(), 0, rule.limit(),
                                now.plus(rule.per()), mode));
                    }
                }
            }
            if (!rule.scope().eachValue() && usage.stream().noneMatch(u -> u.name().equals(rule.name()))) {
                long used = rule.mode() == RateLimitRule.Mode.EXACT
                        ? exact.acquire(rule.name(), rule.algorithm(), 0, rule.limit(), rule.per())
                                .toCompletableFuture().join().used() : 0;
                usage.add(new QuotaUsage(NAME, rule.name(), rule.scope().toString(), rule.dimension().header, window,
                        used, 0, rule.limit(), now.plus(rule.per()), mode));
            }
        }
        return usage;
    }

    private static boolean owns(RateLimitRule rule, String key) {
        return key.equals(rule.name()) || key.startsWith(rule.name() + ':');
    }

    private static String scopeOf(RateLimitRule rule, String key) {
        return rule.scope().eachValue() && key.length() > rule.name().length()
                ? rule.scope().kind().name().toLowerCase(java.util.Locale.ROOT) + ':' + key.substring(rule.name().length() + 1)
                : rule.scope().toString();
    }

    @Override
    public boolean reset(String name) {
        List<RateLimitRule> rules = this.rules;
        for (RateLimitRule rule : rules) {
            if (rule.name().equals(name)) {
                locals.forEach((key, limit) -> {
                    if (owns(rule, key)) {
                        limit.reset();
                    }
                });
                if (rule.mode() == RateLimitRule.Mode.EXACT) {
                    exact.reset(rule.name());
                    for (String key : exactKeys) {
                        if (owns(rule, key)) {
                            exact.reset(key);
                        }
                    }
                }
                return true;
            }
        }
        return false;
    }
}
