package dev.switchboard.store;

import java.util.List;

/**
 * A usage report's question: the ledger rows with {@code fromMillis <= at < toMillis}, narrowed by the filters
 * that are not null ({@code tenant}, {@code keyId}, {@code model}, {@code providerType}, {@code endpoint},
 * {@code requestId}: one request, the {@code x-request-id} its client got, the ledger's primary key), summed
 * per distinct value of the {@code groupBy} dimensions (none: one row of totals), in the order of those
 * dimensions. {@code offset} and {@code limit} page through the groups.
 */
public record UsageQuery(long fromMillis, long toMillis, List<Dimension> groupBy, String tenant, String keyId,
                         String model, String providerType, String endpoint, String requestId, int offset,
                         int limit) {

    /** A question without a request id (1.2 form). */
    public UsageQuery(long fromMillis, long toMillis, List<Dimension> groupBy, String tenant, String keyId,
                      String model, String providerType, String endpoint, int offset, int limit) {
        this(fromMillis, toMillis, groupBy, tenant, keyId, model, providerType, endpoint, null, offset, limit);
    }

    /** What a report may be grouped by; {@code DAY} is the UTC calendar day. */
    public enum Dimension {
        TENANT, KEY, MODEL, PROVIDER, INSTANCE, ENDPOINT, STATUS, DAY;

        /** The name a report shows (and a query string uses): {@code tenant}, {@code key}, {@code day}, ... */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The dimension a label names, or null. */
        public static Dimension of(String label) {
            for (Dimension dimension : values()) {
                if (dimension.label().equalsIgnoreCase(label.trim())) {
                    return dimension;
                }
            }
            return null;
        }
    }

    public UsageQuery {
        if (toMillis <= fromMillis) {
            throw new IllegalArgumentException("the range must end after it starts");
        }
        groupBy = List.copyOf(groupBy);
        if (groupBy.size() != groupBy.stream().distinct().count()) {
            throw new IllegalArgumentException("a dimension is named twice in the grouping");
        }
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be 0 or more and limit 1 or more");
        }
    }
}
