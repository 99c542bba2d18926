package dev.switchboard.quota.rpm.internal;

import dev.switchboard.api.quota.QuotaDecision;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import dev.switchboard.api.state.SharedCounters;
import java.time.Clock;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Limits each API key to N requests per clock minute, counted across the whole cluster. Fixed windows
 * (aligned to epoch minutes) keep it to one counter per key and minute; the known price is that a key
 * can make up to 2N requests around a minute boundary. A request is counted when checked, denied ones
 * included, so a client hammering past its limit does not get a fresh allowance mid-window.
 */
@Component(service = QuotaStrategy.class, configurationPid = RequestsPerMinuteConfig.PID,
        property = QuotaStrategy.NAME_PROPERTY + "=" + RequestsPerMinuteQuota.NAME)
@Designate(ocd = RequestsPerMinuteConfig.class)
public final class RequestsPerMinuteQuota implements QuotaStrategy {

    public static final String NAME = "rpm";

    private static final long WINDOW_MILLIS = Duration.ofMinutes(1).toMillis();

    private final WindowCounter counter;
    private final KeyLimits limits;
    private final Clock clock;

    @Activate
    public RequestsPerMinuteQuota(@Reference(name = "counters") SharedCounters counters, RequestsPerMinuteConfig config) {
        this(config.sync_interval_ms() <= 0 ? new SharedWindowCounter(counters)
                        : new BufferedWindowCounter(counters, config.sync_interval_ms(), System::nanoTime),
                KeyLimits.parse(config.default_limit(), config.limits()), Clock.systemUTC());
    }

    RequestsPerMinuteQuota(WindowCounter counter, KeyLimits limits, Clock clock) {
        this.counter = counter;
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public QuotaDecision check(QuotaRequest request) {
        String keyId = request == null ? null : request.keyId();
        if (keyId == null || keyId.isEmpty()) {
            return QuotaDecision.ADMIT;
        }
        long limit = limits.limitFor(keyId);
        if (limit <= 0) {
            return QuotaDecision.ADMIT;
        }
        long now = clock.millis();
        long window = Math.floorDiv(now, WINDOW_MILLIS);
        // A failing grid throws through: core admits the request and logs it (fail open, loudly), which
        // this bundle could only do silently.
        long used = counter.increment(keyId, window);
        if (used > limit) {
            Duration untilNextWindow = Duration.ofMillis((window + 1) * WINDOW_MILLIS - now);
            return QuotaDecision.deny("Rate limit reached for requests per minute (limit " + limit + ")",
                    untilNextWindow, limit);
        }
        return QuotaDecision.admit(limit, limit - used);
    }
}
