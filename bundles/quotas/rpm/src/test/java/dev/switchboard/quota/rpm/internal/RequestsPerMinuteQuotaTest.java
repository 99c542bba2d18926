package dev.switchboard.quota.rpm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.quota.QuotaDecision;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import dev.switchboard.testkit.QuotaStrategyContractTest;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.time.Instant;
import org.junit.Test;

/** The quota contract (switchboard-testkit) on a limit of 2, then the rpm window itself. */
public class RequestsPerMinuteQuotaTest extends QuotaStrategyContractTest {

    /** 12:00:00 UTC on some day: epoch minute 29_000_000. */
    private static final Instant MINUTE_START = Instant.ofEpochSecond(29_000_000L * 60);

    private final InMemorySharedCounters counters = new InMemorySharedCounters();
    private final MutableClock clock = new MutableClock(MINUTE_START.plusSeconds(15));

    private RequestsPerMinuteQuota quota(long defaultLimit, String... overrides) {
        return new RequestsPerMinuteQuota(new SharedWindowCounter(counters), KeyLimits.parse(defaultLimit, overrides),
                clock);
    }

    @Override
    protected QuotaStrategy createStrategy() {
        return quota(2);
    }

    @Override
    protected void exhaust(QuotaStrategy strategy, QuotaRequest request) {
        assertAdmitted(strategy, request, 2);
    }

    @Test
    public void namesItself() {
        assertThat(quota(600).name()).isEqualTo("rpm");
    }

    @Test
    public void admitsUpToTheLimitAndReportsWhatRemains() {
        RequestsPerMinuteQuota quota = quota(3);

        assertThat(quota.check(request("k1"))).isEqualTo(QuotaDecision.admit(3, 2));
        assertThat(quota.check(request("k1"))).isEqualTo(QuotaDecision.admit(3, 1));
        assertThat(quota.check(request("k1"))).isEqualTo(QuotaDecision.admit(3, 0));
    }

    @Test
    public void deniesBeyondTheLimitUntilTheNextWindow() {
        RequestsPerMinuteQuota quota = quota(2);
        quota.check(request("k1"));
        quota.check(request("k1"));

        QuotaDecision denied = quota.check(request("k1"));

        assertThat(denied.admitted()).isFalse();
        assertThat(denied.reason()).isEqualTo("Rate limit reached for requests per minute (limit 2)");
        assertThat(denied.retryAfter()).isEqualTo(Duration.ofSeconds(45));
        assertThat(denied.limit()).isEqualTo(2);
        assertThat(denied.remaining()).isZero();
    }

    @Test
    public void retryAfterCountsDownWithinTheWindow() {
        RequestsPerMinuteQuota quota = quota(1);
        quota.check(request("k1"));
        clock.advance(Duration.ofMillis(44_750));

        assertThat(quota.check(request("k1")).retryAfter()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    public void startsAFreshCountWhenTheMinuteRollsOver() {
        RequestsPerMinuteQuota quota = quota(2);
        quota.check(request("k1"));
        quota.check(request("k1"));
        assertThat(quota.check(request("k1")).admitted()).isFalse();

        clock.advance(Duration.ofSeconds(45));

        assertThat(quota.check(request("k1"))).isEqualTo(QuotaDecision.admit(2, 1));
        assertThat(counters.get("rpm:k1:29000000")).isEqualTo(3);
        assertThat(counters.get("rpm:k1:29000001")).isEqualTo(1);
    }

    @Test
    public void windowsAlignToClockMinutesNotToTheFirstRequest() {
        RequestsPerMinuteQuota quota = quota(1);
        clock.advance(Duration.ofSeconds(44));
        quota.check(request("k1"));

        clock.advance(Duration.ofSeconds(1));

        assertThat(quota.check(request("k1")).admitted()).isTrue();
    }

    @Test
    public void countsEachKeySeparately() {
        RequestsPerMinuteQuota quota = quota(1);
        quota.check(request("k1"));

        assertThat(quota.check(request("k2")).admitted()).isTrue();
        assertThat(quota.check(request("k1")).admitted()).isFalse();
    }

    @Test
    public void appliesPerKeyOverrides() {
        RequestsPerMinuteQuota quota = quota(1, "vip=3");

        assertThat(quota.check(request("vip"))).isEqualTo(QuotaDecision.admit(3, 2));
        assertThat(quota.check(request("vip"))).isEqualTo(QuotaDecision.admit(3, 1));
        assertThat(quota.check(request("vip"))).isEqualTo(QuotaDecision.admit(3, 0));
        assertThat(quota.check(request("vip")).admitted()).isFalse();
        assertThat(quota.check(request("other"))).isEqualTo(QuotaDecision.admit(1, 0));
    }

    @Test
    public void zeroLimitMeansUnlimitedAndCostsNoGridTrip() {
        RequestsPerMinuteQuota quota = quota(1, "internal=0");

        for (int i = 0; i < 5; i++) {
            assertThat(quota.check(request("internal"))).isEqualTo(QuotaDecision.ADMIT);
        }
        assertThat(counters.values).isEmpty();
    }

    @Test
    public void usesSharedCountersNamedPerKeyAndMinuteThatExpireAfterTwoMinutes() {
        quota(5).check(request("k1"));

        assertThat(counters.values).containsOnlyKeys("rpm:k1:29000000");
        assertThat(counters.expiries).containsEntry("rpm:k1:29000000", Duration.ofMinutes(2));
    }

    @Test
    public void letsAGridFailureThroughForCoreToFailOpenAndLog() {
        counters.down = true;

        assertThatThrownBy(() -> quota(1).check(request("k1"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    public void admitsRequestsWithoutAKeyId() {
        assertThat(quota(1).check(new QuotaRequest(null, "t", "m", 1))).isEqualTo(QuotaDecision.ADMIT);
        assertThat(quota(1).check(null)).isEqualTo(QuotaDecision.ADMIT);
    }

    @Test
    public void activatesFromItsConfiguration() {
        RequestsPerMinuteQuota quota = new RequestsPerMinuteQuota(counters, config(2, "vip=5"));

        assertThat(quota.check(request("k1")).limit()).isEqualTo(2);
        assertThat(quota.check(request("vip")).limit()).isEqualTo(5);
        assertThat(counters.values).hasSize(2);
    }

    private static QuotaRequest request(String keyId) {
        return new QuotaRequest(keyId, "tenant", "mock-echo", 10);
    }

    private static RequestsPerMinuteConfig config(long defaultLimit, String... limits) {
        return new RequestsPerMinuteConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return RequestsPerMinuteConfig.class;
            }

            @Override
            public long default_limit() {
                return defaultLimit;
            }

            @Override
            public String[] limits() {
                return limits;
            }

            @Override
            public long sync_interval_ms() {
                return 0;
            }
        };
    }
}
