package dev.switchboard.quota.budget.internal;

import dev.switchboard.api.quota.QuotaScope;
import dev.switchboard.support.quota.NamedDefinitions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One budget: a name, whom it applies to, a hard limit in USD per period (in a time zone), the alert thresholds
 * (percent of the limit) and what happens when the grid cannot be reached: {@code fail-closed} (refuse) or
 * {@code local-cap:<usd>} (each node admits up to that much on its own until the grid is back).
 * Written {@code name=acme; scope=tenant:acme; limit.usd=100; period=month; zone=Europe/Paris; alerts=50/80/100;
 * grid.unreachable=local-cap:5}.
 */
record BudgetDefinition(String name, QuotaScope scope, Dimension dimension, BigDecimal limitUsd, BudgetPeriod period,
                        ZoneId zone, List<Integer> alertPercents, BigDecimal localCapUsd) {

    static final BigDecimal NANOS_PER_USD = BigDecimal.valueOf(1_000_000_000L);

    /**
     * What a budget counts: {@code cost} (USD, held in nano-dollars), or, as a quota, {@code tokens} (prompt +
     * completion) or {@code requests}. {@code limitUsd} and {@code localCapUsd} are in the dimension's unit.
     */
    enum Dimension { COST, TOKENS, REQUESTS }

    /** The 1.0 form: a cost budget. */
    BudgetDefinition(String name, QuotaScope scope, BigDecimal limitUsd, BudgetPeriod period, ZoneId zone,
                     List<Integer> alertPercents, BigDecimal localCapUsd) {
        this(name, scope, Dimension.COST, limitUsd, period, zone, alertPercents, localCapUsd);
    }

    BudgetDefinition {
        if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("budget name '" + name + "' must be 1-64 of A-Z a-z 0-9 . _ -");
        }
        if (limitUsd == null || limitUsd.signum() <= 0) {
            throw new IllegalArgumentException("budget '" + name + "': " + (dimension == Dimension.COST ? "limit.usd"
                    : "limit") + " must be above 0");
        }
        if (dimension != Dimension.COST && limitUsd.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("budget '" + name + "': a " + dimension.name().toLowerCase(
                    java.util.Locale.ROOT) + " limit is a whole number");
        }
        alertPercents = List.copyOf(alertPercents);
        for (int percent : alertPercents) {
            if (percent < 1 || percent > 1000) {
                throw new IllegalArgumentException("budget '" + name + "': alert " + percent + " is not 1-1000 %");
            }
        }
    }

    /** Fail closed when the grid is unreachable. */
    boolean failsClosed() {
        return localCapUsd == null;
    }

    /** The limit in the units the grid counts: nano-dollars for cost, tokens or requests otherwise. */
    long limitNanos() {
        return units(limitUsd);
    }

    long units(BigDecimal amount) {
        return dimension == Dimension.COST ? toNanos(amount)
                : amount.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    /** Counted units as the operator reads them: USD for cost. */
    BigDecimal readable(long units) {
        return dimension == Dimension.COST ? BudgetAlerts.toUsd(units) : BigDecimal.valueOf(units);
    }

    String unit() {
        return dimension == Dimension.COST ? "USD" : dimension.name().toLowerCase(java.util.Locale.ROOT);
    }

    static long toNanos(BigDecimal usd) {
        return usd.multiply(NANOS_PER_USD).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    static BudgetDefinition parse(String text) {
        Map<String, String> attributes = NamedDefinitions.attributes(text, "budget");
        String name = attributes.remove("name");
        String scope = attributes.remove("scope");
        Dimension dimension;
        String dimensionText = attributes.getOrDefault("dimension", "cost");
        attributes.remove("dimension");
        try {
            dimension = Dimension.valueOf(dimensionText.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("budget '" + name + "': dimension '" + dimensionText
                    + "' is not cost, tokens or requests");
        }
        String limitKey = dimension == Dimension.COST ? "limit.usd" : "limit";
        String limit = attributes.remove(limitKey);
        if (name == null || scope == null || limit == null) {
            throw new IllegalArgumentException("budget entry '" + text + "' needs name, scope and " + limitKey);
        }
        BigDecimal limitUsd = usd(name, limitKey, limit);
        BudgetPeriod period = BudgetPeriod.parse(attributes.getOrDefault("period", "month"));
        attributes.remove("period");
        ZoneId zone;
        try {
            zone = ZoneId.of(attributes.getOrDefault("zone", "UTC"));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("budget '" + name + "': zone '" + attributes.get("zone") + "' is unknown");
        }
        attributes.remove("zone");
        List<Integer> alerts = new ArrayList<>();
        for (String percent : attributes.getOrDefault("alerts", "50/80/100").split("/")) {
            if (!percent.isBlank()) {
                try {
                    alerts.add(Integer.parseInt(percent.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("budget '" + name + "': alert '" + percent + "' is no number");
                }
            }
        }
        attributes.remove("alerts");
        String unreachable = attributes.getOrDefault("grid.unreachable", "fail-closed");
        attributes.remove("grid.unreachable");
        BigDecimal localCap;
        if (unreachable.equals("fail-closed")) {
            localCap = null;
        } else if (unreachable.startsWith("local-cap:")) {
            localCap = usd(name, "grid.unreachable", unreachable.substring("local-cap:".length()));
        } else {
            throw new IllegalArgumentException("budget '" + name + "': grid.unreachable is fail-closed or"
                    + " local-cap:<usd>, not '" + unreachable + "'");
        }
        if (!attributes.isEmpty()) {
            throw new IllegalArgumentException("budget '" + name + "': unknown setting(s) " + attributes.keySet());
        }
        return new BudgetDefinition(name, QuotaScope.parse(scope), dimension, limitUsd, period, zone, alerts, localCap);
    }

    private static BigDecimal usd(String name, String key, String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("budget '" + name + "': " + key + " '" + text + "' is not an amount");
        }
    }

    /** The entry as it is written in configuration (what {@link #parse} reads). */
    String format() {
        StringBuilder alerts = new StringBuilder();
        for (int percent : alertPercents) {
            alerts.append(alerts.length() == 0 ? "" : "/").append(percent);
        }
        return "name=" + name + "; scope=" + scope + (dimension == Dimension.COST ? "; limit.usd="
                : "; dimension=" + dimension.name().toLowerCase(java.util.Locale.ROOT) + "; limit=")
                + limitUsd.toPlainString() + "; period="
                + period.name().toLowerCase(java.util.Locale.ROOT) + "; zone=" + zone.getId() + "; alerts=" + alerts
                + "; grid.unreachable=" + (localCapUsd == null ? "fail-closed" : "local-cap:" + localCapUsd.toPlainString());
    }
}
