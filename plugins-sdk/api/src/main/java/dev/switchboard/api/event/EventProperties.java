package dev.switchboard.api.event;

/**
 * Property names of gateway events. Values are JDK types only ({@code String}, {@code Long}, {@code Integer},
 * {@code java.math.BigDecimal}), so a handler needs no Switchboard class to read them. An event carries the
 * properties that apply to it; a key is named by its id, never by the key itself.
 */
public final class EventProperties {

    /** A unique id of the event ({@code String}), the same in every delivery of it: receivers de-duplicate on it. */
    public static final String EVENT_ID = "event.id";
    /** The documented name ({@code String}, e.g. {@code key.revoked}). */
    public static final String TYPE = "type";
    /** When it happened, epoch milliseconds ({@code Long}). */
    public static final String TIMESTAMP = "timestamp";
    /** The node that published it ({@code String}). */
    public static final String NODE = "node";
    public static final String TENANT = "tenant";
    /** The virtual key's id (never the key). */
    public static final String KEY_ID = "key.id";
    public static final String MODEL = "model";
    /** The request's id, where one was assigned. */
    public static final String REQUEST_ID = "request.id";
    /** The limit that decided ({@code String}: a strategy's or budget's name). */
    public static final String LIMIT = "limit";
    /** The limit's value where known ({@code Long}; requests, tokens, ...). */
    public static final String LIMIT_VALUE = "limit.value";
    /** A budget's threshold crossed, in percent ({@code Integer}). */
    public static final String THRESHOLD = "threshold";
    /** Spent and limit of a budget, in USD ({@code java.math.BigDecimal}). */
    public static final String SPENT_USD = "spent.usd";
    public static final String LIMIT_USD = "limit.usd";
    /** What a {@code config.updated} concerns ({@code String}: {@code core}, {@code routes}, {@code instance}). */
    public static final String SCOPE = "scope";
    /** The configuration's PID or the instance's id ({@code String}). */
    public static final String SUBJECT = "subject";
    /** What happened to it ({@code String}: {@code updated}, {@code added}, {@code removed}). */
    public static final String ACTION = "action";
    /** A human-readable reason ({@code String}), e.g. the message a denied client was given. */
    public static final String REASON = "reason";

    /**
     * The service property a {@code QuotaStrategy} sets to say what kind of limit it is: {@value #KIND_QUOTA}
     * (denials publish {@code quota.exceeded}) or {@value #KIND_RATE_LIMIT} (the default: {@code rate-limit.exceeded}).
     */
    public static final String QUOTA_KIND_SERVICE_PROPERTY = "switchboard.quota.kind";
    public static final String KIND_QUOTA = "quota";
    public static final String KIND_RATE_LIMIT = "rate-limit";

    private EventProperties() {
    }
}
