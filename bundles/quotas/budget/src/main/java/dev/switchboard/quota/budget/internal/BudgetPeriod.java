package dev.switchboard.quota.budget.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The calendar period a budget counts in, in its time zone: a day or a month starting at local midnight, or
 * {@code total} (never resets). A budget's grid entry is named after its period ({@code 2026-12},
 * {@code 2026-12-01}), so a new period starts from zero without a reset job.
 */
enum BudgetPeriod {
    DAY, MONTH, TOTAL;

    static BudgetPeriod parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("period '" + text + "' is not day, month or total");
        }
    }

    /** The period's name at {@code now}: part of the grid key. */
    String key(Instant now, ZoneId zone) {
        LocalDate date = now.atZone(zone).toLocalDate();
        return switch (this) {
            case DAY -> date.toString();
            case MONTH -> date.toString().substring(0, 7);
            case TOTAL -> "total";
        };
    }

    /** When the period that holds {@code now} ends (null: never). */
    Instant end(Instant now, ZoneId zone) {
        LocalDate date = now.atZone(zone).toLocalDate();
        return switch (this) {
            case DAY -> date.plusDays(1).atStartOfDay(zone).toInstant();
            case MONTH -> date.withDayOfMonth(1).plusMonths(1).atStartOfDay(zone).toInstant();
            case TOTAL -> null;
        };
    }

    /** How long the grid keeps the entry after its last operation: past the period's end, and a day's grace. */
    Duration keepFor(Instant now, ZoneId zone) {
        Instant end = end(now, zone);
        return end == null ? Duration.ZERO : Duration.between(now, end).plusDays(1);
    }

    static ZonedDateTime at(Instant now, ZoneId zone) {
        return now.atZone(zone);
    }
}
