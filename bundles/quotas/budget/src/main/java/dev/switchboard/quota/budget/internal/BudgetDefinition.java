package dev.switchboard.quota.budget.internal;

import dev.switchboard.api.quota.QuotaScope;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One budget: a name, whom it applies to, a hard limit in USD per period (in a time zone), the alert thresholds
 * (percent of the limit) and what happens when the grid cannot be reached: {@code fail-closed} (refuse) or
 * {@code local-cap:<usd>} (each node admits up to that much on its own until the grid is back).
 * Written {@code name=acme; scope=tenant:acme; limit.usd=100; period=month; zone=Europe/Paris; alerts=50/80/100;
 * grid.unreachable=local-cap:5}.
 */
record BudgetDefinition(String name, QuotaScope scope, BigDecimal limitUsd, BudgetPeriod period, ZoneId zone,
                        List<Integer> alertPercents, BigDecimal localCapUsd) {

    static final BigDecimal NANOS_PER_USD = BigDecimal.valueOf(1_000_000_000L);

    BudgetDefinition {
        if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("budget name '" + name + "' must be 1-64 of A-Z a-z 0-9 . _ -");
        }
        if (limitUsd == null || limitUsd.signum() <= 0) {
            throw new IllegalArgumentException("budget '" + name + "': limit.usd must be above 0");
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

    long limitNanos() {
        return toNanos(limitUsd);
    }

    static long toNanos(BigDecimal usd) {
        return usd.multiply(NANOS_PER_USD).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    static BudgetDefinition parse(String text) {
        Map<String, String> attributes = new HashMap<>();
        for (String part : text.split(";")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("budget entry part '" + item + "' is not key=value");
            }
            attributes.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
        }
        String name = attributes.remove("name");
        String scope = attributes.remove("scope");
        String limit = attributes.remove("limit.usd");
        if (name == null || scope == null || limit == null) {
            throw new IllegalArgumentException("budget entry '" + text + "' needs name, scope and limit.usd");
        }
        BigDecimal limitUsd = usd(name, "limit.usd", limit);
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
        return new BudgetDefinition(name, QuotaScope.parse(scope), limitUsd, period, zone, alerts, localCap);
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
        return "name=" + name + "; scope=" + scope + "; limit.usd=" + limitUsd.toPlainString() + "; period="
                + period.name().toLowerCase(java.util.Locale.ROOT) + "; zone=" + zone.getId() + "; alerts=" + alerts
                + "; grid.unreachable=" + (localCapUsd == null ? "fail-closed" : "local-cap:" + localCapUsd.toPlainString());
    }
}
