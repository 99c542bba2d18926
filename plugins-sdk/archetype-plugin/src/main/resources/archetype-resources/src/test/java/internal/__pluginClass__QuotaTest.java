package ${package}.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.quota.QuotaDecision;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import dev.switchboard.testkit.QuotaStrategyContractTest;
import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/**
 * The quota contract (switchboard-testkit's {@link QuotaStrategyContractTest}: a fresh key is admitted, a used-up
 * one denied with a reason and a Retry-After, other keys unaffected, usage recorded) plus this quota's own tests.
 */
public class ${pluginClass}QuotaTest extends QuotaStrategyContractTest {

    /** 15 s into a clock minute; the clock stands still unless a test moves it. */
    private final AtomicLong millis = new AtomicLong(29_000_000L * 60_000 + 15_000);

    @Override
    protected QuotaStrategy createStrategy() {
        return new ${pluginClass}Quota(1000, millis::get);
    }

    /** A limit of 1000 tokens: a request that used 1000 leaves nothing for the next one. */
    @Override
    protected void exhaust(QuotaStrategy strategy, QuotaRequest request) {
        assertAdmitted(strategy, request, 1);
        strategy.record(request, new Usage(900, 100), BigDecimal.ZERO);
    }

    // ---- this quota's own behaviour ----

    @Test
    public void namesItself() throws Exception {
        assertThat(strategy().name()).isEqualTo("${pluginName}");
    }

    @Test
    public void reportsTheTokensLeftAndDeniesARequestThatWouldPassTheLimit() throws Exception {
        strategy().record(request(), new Usage(500, 300), BigDecimal.ZERO);

        assertThat(strategy().check(key("k", 100))).isEqualTo(QuotaDecision.admit(1000, 1000));
        assertThat(strategy().check(request())).isEqualTo(QuotaDecision.admit(1000, 200));
        QuotaDecision denied = strategy().check(new QuotaRequest(request().keyId(), "t", "m", 201));
        assertThat(denied.admitted()).isFalse();
        assertThat(denied.retryAfter()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    public void startsAfreshEachClockMinute() throws Exception {
        exhaust(strategy(), request());
        millis.addAndGet(Duration.ofSeconds(45).toMillis());

        assertThat(strategy().check(request()).admitted()).isTrue();
    }

    @Test
    public void admitsRequestsWithoutAKeyAndEverythingWhenUnlimited() {
        assertThat(new ${pluginClass}Quota(1000, millis::get).check(new QuotaRequest(null, "t", "m", 5000)).admitted())
                .isTrue();
        ${pluginClass}Quota unlimited = new ${pluginClass}Quota(0, millis::get);
        unlimited.record(request(), new Usage(1_000_000, 0), BigDecimal.ZERO);
        assertThat(unlimited.check(request())).isEqualTo(QuotaDecision.ADMIT);
    }

    @Test
    public void activatesFromItsConfiguration() {
        ${pluginClass}Quota configured = new ${pluginClass}Quota(new ${pluginClass}QuotaConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ${pluginClass}QuotaConfig.class;
            }

            @Override
            public long tokens_per_minute() {
                return 42;
            }
        });

        assertThat(configured.check(request()).limit()).isEqualTo(42);
    }

    private static QuotaRequest key(String keyId, long estimatedTokens) {
        return new QuotaRequest(keyId, "tenant", "model", estimatedTokens);
    }
}
