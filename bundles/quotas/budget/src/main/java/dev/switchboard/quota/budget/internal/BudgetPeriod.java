package dev.switchboard.quota.budget.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The calendar period a budget counts in, in its time zone: a day or a month starting at local midnight,
 * {@code total} (never resets), or {@code session} (one count per session id the request carries; kept a day
 * after the session's last request). A budget's grid entry is named after its period ({@code 2026-12},
 * {@code 2026-12-01}), so a new period starts from zero without a reset job.
 */
enum BudgetPeriod {
    DAY, MONTH, TOTAL, SESSION;

    static BudgetPeriod parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("period '" + text + "' is not day, month, total or session");
        }
    }

    /** The period's name at {@code now}: part of the grid key. */
    String key(Instant now, ZoneId zone) {
        LocalDate date = now.atZone(zone).toLocalDate();
        return switch (this) {
            case DAY -> date.toString();
            case MONTH -> date.toString().substring(0, 7);
            case TOTAL -> "total";
            case SESSION -> "session";
        };
    }

    /** When the period that holds {@code now} ends (null: never). */
    Instant end(Instant now, ZoneId zone) {
        LocalDate date = now.atZone(zone).toLocalDate();
        return switch (this) {
            case DAY -> date.plusDays(1).atStartOfDay(zone).toInstant();
            case MONTH -> date.withDayOfMonth(1).plusMonths(1).atStartOfDay(zone).toInstant();
            case TOTAL, SESSION -> null;
        };
    }

    /** How long the grid keeps the entry after its last operation: past the period's end, and a day's grace. */
    Duration keepFor(Instant now, ZoneId zone) {
        if (this == SESSION) {
            return Duration.ofDays(1);
        }
        Instant end = end(now, zone);
        return end == null ? Duration.ZERO : Duration.between(now, end).plusDays(1);
    }

    static ZonedDateTime at(Instant now, ZoneId zone) {
        return now.atZone(zone);
    }
}
