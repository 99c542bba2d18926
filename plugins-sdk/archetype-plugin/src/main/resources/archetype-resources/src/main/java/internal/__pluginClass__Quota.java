package ${package}.internal;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.quota.QuotaDecision;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Quota strategy {@code ${pluginName}}: the bundle's one entry point. Core asks every bound strategy about every
 * request ({@code check}: all must admit) and tells each what the request really used once it finished
 * ({@code record}). This one limits the tokens each API key uses per clock minute: {@code check} denies a key whose
 * recorded tokens plus the request's estimate exceed the limit, {@code record} adds what the provider reported.
 * Requests in flight are not counted until they finish, so a burst can pass the limit once.
 *
 * <p>The contracts (docs/plugin-guide.md): {@code check} runs on every request thread, so keep it to memory (no
 * blocking call: for a cluster-wide count use the {@code SharedCounters} service asynchronously, as Switchboard's
 * rpm quota does); a denial carries the reason shown to the client and when to retry; an exception from
 * {@code check} admits the request (the server fails open and logs it). Counts here are per node.
 */
@Component(service = QuotaStrategy.class, configurationPid = ${pluginClass}QuotaConfig.PID,
        property = QuotaStrategy.NAME_PROPERTY + "=" + ${pluginClass}Quota.NAME)
@Designate(ocd = ${pluginClass}QuotaConfig.class)
public final class ${pluginClass}Quota implements QuotaStrategy {

    static final String NAME = "${pluginName}";

    private static final long MINUTE_MILLIS = Duration.ofMinutes(1).toMillis();
    /** Keys are API key ids, a small set; the cap only guards memory against a flood of distinct ones. */
    static final int MAX_TRACKED_KEYS = 100_000;

    private final long limit;
    private final LongSupplier clockMillis;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    @Activate
    public ${pluginClass}Quota(${pluginClass}QuotaConfig config) {
        this(config.tokens_per_minute(), System::currentTimeMillis);
    }

    ${pluginClass}Quota(long tokensPerMinute, LongSupplier clockMillis) {
        this.limit = tokensPerMinute;
        this.clockMillis = clockMillis;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public QuotaDecision check(QuotaRequest request) {
        if (limit <= 0 || request == null || request.keyId() == null) {
            return QuotaDecision.ADMIT;
        }
        long now = clockMillis.getAsLong();
        long minute = Math.floorDiv(now, MINUTE_MILLIS);
        Window window = windows.get(request.keyId());
        long used = window == null || window.minute() != minute ? 0 : window.tokens();
        if (used + Math.max(0, request.estimatedTokens()) > limit) {
            return QuotaDecision.deny("Rate limit reached for tokens per minute (limit " + limit + ")",
                    Duration.ofMillis((minute + 1) * MINUTE_MILLIS - now), limit);
        }
        return QuotaDecision.admit(limit, limit - used);
    }

    @Override
    public void record(QuotaRequest request, Usage usage, BigDecimal costUsd) {
        if (limit <= 0 || request == null || request.keyId() == null || usage == null) {
            return;
        }
        long minute = Math.floorDiv(clockMillis.getAsLong(), MINUTE_MILLIS);
        if (windows.size() >= MAX_TRACKED_KEYS) {
            windows.values().removeIf(w -> w.minute() != minute);
        }
        windows.merge(request.keyId(), new Window(minute, usage.totalTokens()),
                (old, added) -> old.minute() == minute ? new Window(minute, old.tokens() + added.tokens()) : added);
    }

    /** Tokens recorded for a key in one clock minute. */
    private record Window(long minute, long tokens) {
    }
}
