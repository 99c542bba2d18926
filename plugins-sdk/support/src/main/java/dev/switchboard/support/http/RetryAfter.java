package dev.switchboard.support.http;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;

/**
 * How long an upstream asked us to wait. Every parser returns {@code null} for an absent or unreadable
 * value (a malformed hint must never fail the call) and never a negative duration.
 */
public final class RetryAfter {

    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
            .appendPattern(" HH:mm:ss zzz")
            .toFormatter(Locale.US);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(java.time.ZoneOffset.UTC);

    private RetryAfter() {
    }

    /**
     * The standard hint of a response: {@code retry-after-ms} (milliseconds, sent by OpenAI and Azure) when
     * present, else {@code Retry-After}.
     */
    public static Duration fromHeaders(HttpFields headers) {
        return fromHeaders(headers, Clock.systemUTC());
    }

    public static Duration fromHeaders(HttpFields headers, Clock clock) {
        if (headers == null) {
            return null;
        }
        Duration millis = parseMillis(headers.get("retry-after-ms"));
        return millis != null ? millis : parse(headers.get("Retry-After"), clock);
    }

    /** A {@code Retry-After} value: delta-seconds (RFC 9110) or an HTTP-date, relative to now. */
    public static Duration parse(String value) {
        return parse(value, Clock.systemUTC());
    }

    public static Duration parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        char first = text.charAt(0);
        if (Character.isDigit(first) || first == '.' || first == '-') {
            // RFC 9110 says integer seconds; fractional values are accepted because some proxies send them
            return seconds(text);
        }
        ZonedDateTime at = httpDate(text);
        if (at == null) {
            return null;
        }
        Duration wait = Duration.between(clock.instant(), at.toInstant());
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    /** A {@code retry-after-ms} value: milliseconds, possibly fractional. */
    public static Duration parseMillis(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            BigDecimal millis = new BigDecimal(value.trim());
            if (millis.signum() < 0) {
                return Duration.ZERO;
            }
            return Duration.ofNanos(millis.movePointRight(6).longValue());
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /**
     * A Go-style duration as in OpenAI's {@code x-ratelimit-reset-requests}/{@code -tokens} headers:
     * {@code "1s"}, {@code "6m0s"}, {@code "20ms"}, {@code "1h2m3.5s"}; a bare number means seconds.
     */
    public static Duration parseResetDuration(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        if (Character.isDigit(text.charAt(text.length() - 1))) {
            return seconds(text);
        }
        long nanos = 0;
        int i = 0;
        int n = text.length();
        try {
            while (i < n) {
                int numberStart = i;
                while (i < n && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
                int unitStart = i;
                while (i < n && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
                    i++;
                }
                if (numberStart == unitStart || unitStart == i) {
                    return null;
                }
                BigDecimal amount = new BigDecimal(text.substring(numberStart, unitStart));
                long unitNanos = unitNanos(text.substring(unitStart, i));
                if (unitNanos < 0) {
                    return null;
                }
                nanos = Math.addExact(nanos, amount.multiply(BigDecimal.valueOf(unitNanos)).longValueExact());
            }
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
        return Duration.ofNanos(nanos);
    }

    private static long unitNanos(String unit) {
        switch (unit) {
            case "h":
                return 3_600_000_000_000L;
            case "m":
                return 60_000_000_000L;
            case "s":
                return 1_000_000_000L;
            case "ms":
                return 1_000_000L;
            case "us":
            case "\u00b5s":
            case "\u03bcs":
                return 1_000L;
            case "ns":
                return 1L;
            default:
                return -1;
        }
    }

    private static Duration seconds(String text) {
        try {
            BigDecimal seconds = new BigDecimal(text);
            if (seconds.signum() < 0) {
                return Duration.ZERO;
            }
            return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static ZonedDateTime httpDate(String text) {
        for (DateTimeFormatter format : new DateTimeFormatter[] {DateTimeFormatter.RFC_1123_DATE_TIME, RFC_850, ASCTIME}) {
            try {
                return ZonedDateTime.parse(text, format);
            } catch (DateTimeParseException e) {
                // try the next of the three forms RFC 9110 allows
            }
        }
        return null;
    }
}
