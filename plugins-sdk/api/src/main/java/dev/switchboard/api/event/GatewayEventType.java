package dev.switchboard.api.event;

/**
 * The events the gateway publishes, each with its documented name ({@code quota.exceeded}) and its
 * EventAdmin topic ({@code dev/switchboard/quota/exceeded}): the name's dots become topic separators under
 * {@value #TOPIC_PREFIX}, so a handler can subscribe to one ({@code dev/switchboard/key/revoked}) or to all
 * ({@code dev/switchboard/*}).
 */
public enum GatewayEventType {

    /** A quota (a budget of requests, tokens or cost over a calendar period) denied a request. */
    QUOTA_EXCEEDED("quota.exceeded"),
    /** A rate limit (requests or tokens per window, concurrent requests) denied a request. */
    RATE_LIMIT_EXCEEDED("rate-limit.exceeded"),
    /** A budget's spend crossed one of its alert thresholds (e.g. 50, 80, 100 %). */
    BUDGET_THRESHOLD("budget.threshold"),
    /** A virtual key was revoked. */
    KEY_REVOKED("key.revoked"),
    /** Configuration of the gateway changed (core settings, routes, provider instances). */
    CONFIG_UPDATED("config.updated");

    public static final String TOPIC_PREFIX = "dev/switchboard/";
    /** Every gateway event, for {@code event.topics}. */
    public static final String ALL_TOPICS = TOPIC_PREFIX + "*";

    private final String eventName;
    private final String topic;

    GatewayEventType(String eventName) {
        this.eventName = eventName;
        this.topic = TOPIC_PREFIX + eventName.replace('.', '/');
    }

    /** The documented name, as webhooks receive it in {@code type}. */
    public String eventName() {
        return eventName;
    }

    /** The EventAdmin topic. */
    public String topic() {
        return topic;
    }

    /** The type with this documented name, or {@code null}. */
    public static GatewayEventType ofName(String name) {
        for (GatewayEventType type : values()) {
            if (type.eventName.equals(name)) {
                return type;
            }
        }
        return null;
    }

    /** The type published on this topic, or {@code null}. */
    public static GatewayEventType ofTopic(String topic) {
        for (GatewayEventType type : values()) {
            if (type.topic.equals(topic)) {
                return type;
            }
        }
        return null;
    }
}
