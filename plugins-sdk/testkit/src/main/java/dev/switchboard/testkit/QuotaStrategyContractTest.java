package dev.switchboard.testkit;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.quota.QuotaDecision;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import java.math.BigDecimal;
import org.junit.Test;
import org.junit.internal.AssumptionViolatedException;

/**
 * The contract every {@link QuotaStrategy} keeps, as a JUnit 4 test a strategy's test class extends. The
 * subclass makes a fresh strategy with a small limit ({@link #createStrategy()}) and says how a scope uses its
 * allowance up ({@link #exhaust}: requests for a rate limit, recorded cost for a budget); time does not pass
 * during a test (give the strategy a fixed clock). Checked: a fresh scope is admitted, an admission's
 * {@code remaining} is within its {@code limit}; a used-up scope is denied with a reason for the client and a
 * non-negative Retry-After (or none); another scope ({@link #otherScope()}) is unaffected; {@code record}
 * takes usage without failing. What a strategy limits, and by how much, is its own tests' business.
 */
public abstract class QuotaStrategyContractTest {

    private QuotaStrategy strategy;

    // ---- what the strategy's test supplies ----

    /** A new strategy with no usage counted yet, configured with a small limit, on a clock that stands still. */
    protected abstract QuotaStrategy createStrategy() throws Exception;

    /**
     * Uses up {@code request}'s allowance the way traffic would, so that the next {@code check} of it is denied:
     * e.g. {@link #assertAdmitted} it {@code limit} times, or {@code record} a cost over the budget.
     */
    protected abstract void exhaust(QuotaStrategy strategy, QuotaRequest request) throws Exception;

    /** A request as core builds it: key id, tenant, model, estimated tokens. */
    protected QuotaRequest request() {
        return new QuotaRequest("contract-key-1", "contract-tenant-1", "contract-model", 100);
    }

    /** A request in another scope than {@link #request()} (another key and tenant), which its usage must not touch. */
    protected QuotaRequest otherScope() {
        return new QuotaRequest("contract-key-2", "contract-tenant-2", "contract-model", 100);
    }

    /** Thrown by a hook for a behaviour that cannot happen to this strategy; the test is reported as skipped. */
    protected static AssumptionViolatedException notApplicable(String why) {
        return new AssumptionViolatedException("not applicable: " + why);
    }

    // ---- helpers for subclasses and tests ----

    protected final QuotaStrategy strategy() throws Exception {
        if (strategy == null) {
            strategy = createStrategy();
            assertNotNull("createStrategy returned null", strategy);
        }
        return strategy;
    }

    /** Checks {@code request} {@code times} times, each of which must be admitted. */
    protected static void assertAdmitted(QuotaStrategy strategy, QuotaRequest request, int times) {
        for (int i = 0; i < times; i++) {
            QuotaDecision decision = strategy.check(request);
            assertNotNull("check() must not return null", decision);
            assertTrue("check " + (i + 1) + " of " + times + " was denied: " + decision.reason(), decision.admitted());
        }
    }

    // ---- the contract ----

    @Test
    public void quotaNamesItself() throws Exception {
        String name = strategy().name();
        assertTrue("name() must be non-blank: it is the switchboard.quota service property", name != null
                && !name.isBlank());
    }

    @Test
    public void quotaAdmitsAFreshScope() throws Exception {
        QuotaDecision decision = strategy().check(request());

        assertNotNull("check() must not return null", decision);
        assertTrue("a scope with nothing used was denied: " + decision.reason(), decision.admitted());
        assertNull("an admission has no reason", decision.reason());
        if (decision.limit() >= 0) {
            assertTrue("remaining " + decision.remaining() + " beyond the limit " + decision.limit(),
                    decision.remaining() >= -1 && decision.remaining() <= decision.limit());
        }
    }

    @Test
    public void quotaDeniesAUsedUpScopeWithAReasonAndARetryAfter() throws Exception {
        exhaust(strategy(), request());

        QuotaDecision decision = strategy().check(request());

        assertNotNull("check() must not return null", decision);
        assertFalse("the scope was used up, yet admitted", decision.admitted());
        assertTrue("a denial carries the reason shown to the client", decision.reason() != null
                && !decision.reason().isBlank());
        assertTrue("retryAfter must not be negative: " + decision.retryAfter(),
                decision.retryAfter() == null || !decision.retryAfter().isNegative());
    }

    @Test
    public void quotaKeepsScopesApart() throws Exception {
        exhaust(strategy(), request());

        QuotaDecision decision = strategy().check(otherScope());

        assertTrue("another scope was denied by the first one's usage: " + decision.reason(), decision.admitted());
    }

    @Test
    public void quotaRecordsUsageWithoutFailing() throws Exception {
        strategy().check(request());
        strategy().record(request(), new Usage(100, 20), new BigDecimal("0.0001"));
        strategy().record(request(), Usage.NONE, BigDecimal.ZERO);

        assertTrue("another scope is admitted after usage was recorded", strategy().check(otherScope()).admitted());
    }
}
