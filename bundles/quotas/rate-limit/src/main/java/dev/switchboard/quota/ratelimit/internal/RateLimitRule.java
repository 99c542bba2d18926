package dev.switchboard.quota.ratelimit.internal;

import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaScope;
import dev.switchboard.api.state.SharedRateLimits.Algorithm;
import dev.switchboard.support.quota.NamedDefinitions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * One limit: whom it applies to, what it counts, how much per how long, with which algorithm, and where it is
 * counted: {@code local} (on each node, synced to the cluster every interval: no grid call on the request path,
 * overshoot bounded as the docs say) or {@code exact} (one atomic grid step per request). Written
 * {@code name=acme-rpm; scope=key:*; dimension=requests; limit=20; per=minute; algorithm=sliding-window;
 * mode=exact; grid.unreachable=fail-closed}. Costs are USD in configuration, micro-USD in counts.
 */
record RateLimitRule(String name, QuotaScope scope, Dimension dimension, long limit, Duration per,
                     Algorithm algorithm, Mode mode, boolean failClosed) {

    enum Dimension {
        REQUESTS("requests"), TOKENS("tokens"), COST("cost-micro-usd"), CONCURRENT("concurrent-requests");

        final String header;

        Dimension(String header) {
            this.header = header;
        }
    }

    enum Mode { LOCAL, EXACT }

    static final BigDecimal MICROS_PER_USD = BigDecimal.valueOf(1_000_000);

    RateLimitRule {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("limit name '" + name + "' must be 1-64 of A-Z a-z 0-9 . _ -");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit '" + name + "': limit must be at least 1");
        }
    }

    /** What one request counts against this limit before it runs. */
    long amount(QuotaRequest request) {
        return switch (dimension) {
            case REQUESTS, CONCURRENT -> 1;
            case TOKENS -> Math.max(0, request.estimatedTokens());
            case COST -> micros(request.maxCostUsd());
        };
    }

    /** What the request really used, once answered (requests and concurrency: what it counted already). */
    long actual(QuotaRequest request, long totalTokens, BigDecimal costUsd) {
        return switch (dimension) {
            case REQUESTS, CONCURRENT -> 1;
            case TOKENS -> Math.max(0, totalTokens);
            case COST -> micros(costUsd);
        };
    }

    /** Whether a request that ended without an answer gives its count back: tokens and cost were never used. */
    boolean givesBackOnFailure() {
        return dimension == Dimension.TOKENS || dimension == Dimension.COST;
    }

    static long micros(BigDecimal usd) {
        return usd == null ? 0 : usd.multiply(MICROS_PER_USD).setScale(0, RoundingMode.CEILING).longValue();
    }

    static RateLimitRule parse(String text) {
        Map<String, String> attributes = NamedDefinitions.attributes(text, "limit");
        String name = attributes.remove("name");
        String scope = attributes.remove("scope");
        String limitText = attributes.remove("limit");
        if (name == null || scope == null || limitText == null) {
            throw new IllegalArgumentException("limit entry '" + text + "' needs name, scope and limit");
        }
        Dimension dimension = parseEnum(Dimension.class, name, "dimension", attributes.remove("dimension"), "requests");
        long limit;
        try {
            limit = dimension == Dimension.COST ? micros(new BigDecimal(limitText)) : Long.parseLong(limitText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit '" + name + "': limit '" + limitText + "' is not a number");
        }
        Duration per = switch (attributes.getOrDefault("per", "minute")) {
            case "second" -> Duration.ofSeconds(1);
            case "minute" -> Duration.ofMinutes(1);
            case "hour" -> Duration.ofHours(1);
            case "day" -> Duration.ofDays(1);
            default -> throw new IllegalArgumentException("limit '" + name + "': per '" + attributes.get("per")
                    + "' is not second, minute, hour or day");
        };
        attributes.remove("per");
        Algorithm algorithm = parseEnum(Algorithm.class, name, "algorithm", attributes.remove("algorithm"),
                "sliding-window");
        Mode mode = parseEnum(Mode.class, name, "mode", attributes.remove("mode"), "local");
        String unreachable = attributes.getOrDefault("grid.unreachable", "local");
        attributes.remove("grid.unreachable");
        if (!unreachable.equals("local") && !unreachable.equals("fail-closed")) {
            throw new IllegalArgumentException("limit '" + name + "': grid.unreachable is local or fail-closed, not '"
                    + unreachable + "'");
        }
        if (!attributes.isEmpty()) {
            throw new IllegalArgumentException("limit '" + name + "': unknown setting(s) " + attributes.keySet());
        }
        return new RateLimitRule(name, QuotaScope.parse(scope), dimension, limit, per, algorithm, mode,
                unreachable.equals("fail-closed"));
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String name, String key, String text,
                                                   String fallback) {
        String value = text == null ? fallback : text;
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E constant : type.getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : ", ")
                        .append(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw new IllegalArgumentException("limit '" + name + "': " + key + " '" + value + "' is not one of "
                    + allowed);
        }
    }

    String format() {
        String perText = per.equals(Duration.ofSeconds(1)) ? "second" : per.equals(Duration.ofMinutes(1)) ? "minute"
                : per.equals(Duration.ofHours(1)) ? "hour" : "day";
        String limitText = dimension == Dimension.COST
                ? BigDecimal.valueOf(limit).divide(MICROS_PER_USD).stripTrailingZeros().toPlainString()
                : Long.toString(limit);
        return "name=" + name + "; scope=" + scope + "; dimension=" + lower(dimension) + "; limit=" + limitText
                + "; per=" + perText + "; algorithm=" + lower(algorithm) + "; mode=" + lower(mode)
                + "; grid.unreachable=" + (failClosed ? "fail-closed" : "local");
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
