package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.GatewayException;
import dev.switchboard.store.UsageQuery;
import dev.switchboard.store.UsageQuery.Dimension;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The query string of {@code GET /admin/usage} read into a {@link UsageQuery}: {@code from} and {@code to} (an
 * ISO date, UTC, {@code to} a whole day included; an ISO instant; or epoch milliseconds; default the last 7
 * days), {@code group_by} (comma-separated dimensions), filters {@code tenant}, {@code key}, {@code model},
 * {@code provider}, {@code endpoint}, {@code request_id} (one request: the {@code x-request-id} its client got,
 * within the range), and {@code offset}/{@code limit}. {@code format=csv} or
 * {@code Accept: text/csv} asks for CSV. Every bad value is a 400 naming the parameter.
 */
record UsageReportRequest(UsageQuery query, boolean csv) {

    static final int DEFAULT_LIMIT = 1000;
    /** The most groups one JSON page holds, and one CSV answer (CSV is streamed, so it may be longer). */
    static final int MAX_JSON_LIMIT = 10_000;
    static final int MAX_CSV_LIMIT = 100_000;
    private static final Duration DEFAULT_RANGE = Duration.ofDays(7);
    private static final int MAX_FILTER_LENGTH = 256;

    static UsageReportRequest read(Function<String, String> parameter, String accept, long nowMillis,
                                   String tenantScope) {
        String format = text(parameter.apply("format"));
        boolean csv;
        if (format == null) {
            csv = accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv");
        } else if (format.equalsIgnoreCase("csv")) {
            csv = true;
        } else if (format.equalsIgnoreCase("json")) {
            csv = false;
        } else {
            throw invalid("format", "format must be json or csv.");
        }
        Long to = time(parameter.apply("to"), "to", true);
        long end = to == null ? nowMillis + 1 : to;
        Long from = time(parameter.apply("from"), "from", false);
        long start = from == null ? end - DEFAULT_RANGE.toMillis() : from;
        if (end <= start) {
            throw invalid("to", "The range must end after it starts (from < to).");
        }
        List<Dimension> groupBy = groupBy(parameter.apply("group_by"));
        String tenant = filter(parameter, "tenant");
        if (tenantScope != null) {
            if (tenant != null && !tenant.equals(tenantScope)) {
                throw new GatewayException(403, "permission_error", "tenant_forbidden", "tenant",
                        "This key may read its own tenant's usage only.", null);
            }
            tenant = tenantScope;
        }
        int max = csv ? MAX_CSV_LIMIT : MAX_JSON_LIMIT;
        int limit = number(parameter.apply("limit"), "limit", csv ? MAX_CSV_LIMIT : DEFAULT_LIMIT, 1, max);
        int offset = number(parameter.apply("offset"), "offset", 0, 0, Integer.MAX_VALUE - 1);
        UsageQuery query = new UsageQuery(start, end, groupBy, tenant, filter(parameter, "key"),
                filter(parameter, "model"), filter(parameter, "provider"), filter(parameter, "endpoint"),
                filter(parameter, "request_id"), offset, limit);
        return new UsageReportRequest(query, csv);
    }

    private static List<Dimension> groupBy(String value) {
        List<Dimension> dimensions = new ArrayList<>();
        String text = text(value);
        if (text == null) {
            return dimensions;
        }
        for (String label : text.split(",")) {
            if (label.isBlank()) {
                continue;
            }
            Dimension dimension = Dimension.of(label);
            if (dimension == null) {
                throw invalid("group_by", "Unknown group_by '" + shortened(label.trim())
                        + "'; use tenant, key, model, provider, instance, endpoint, status or day.");
            }
            if (dimensions.contains(dimension)) {
                throw invalid("group_by", "group_by names '" + dimension.label() + "' twice.");
            }
            dimensions.add(dimension);
        }
        return dimensions;
    }

    /** Epoch millis of an ISO date (its start; the next day's start for an end), instant, or a number. */
    private static Long time(String value, String name, boolean end) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            if (text.chars().allMatch(Character::isDigit) && text.length() <= 15) {
                return Long.parseLong(text);
            }
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw invalid(name, "'" + name + "' must be an ISO date (2024-05-31), an ISO instant "
                    + "(2024-05-31T12:00:00Z) or epoch milliseconds.");
        }
    }

    private static int number(String value, String name, int fallback, int min, int max) {
        String text = text(value);
        if (text == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(text);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalid(name, "'" + name + "' must be a whole number from " + min + " to " + max + ".");
    }

    private static String filter(Function<String, String> parameter, String name) {
        String text = text(parameter.apply(name));
        if (text != null && text.length() > MAX_FILTER_LENGTH) {
            throw invalid(name, "'" + name + "' is longer than " + MAX_FILTER_LENGTH + " characters.");
        }
        return text;
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String shortened(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    static GatewayException invalid(String param, String message) {
        return new GatewayException(400, "invalid_request_error", "invalid_parameter", param, message, null);
    }
}
