package dev.switchboard.webhooks.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One webhook: a factory configuration {@code etc/dev.switchboard.webhook-<name>.cfg}. */
@ObjectClassDefinition(name = "Switchboard webhook",
        description = "Delivers gateway events as signed JSON POSTs to one URL.")
public @interface WebhookConfig {

    @AttributeDefinition(description = "Where events are POSTed (http or https).")
    String url();

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "The signing secret (HMAC-SHA256 key) the "
            + "receiver shares; at least 16 characters. Never logged.")
    String secret();

    @AttributeDefinition(description = "The events this webhook receives: names (key.revoked), families "
            + "(quota.*) or * for all.")
    String[] events() default {"*"};

    @AttributeDefinition(description = "Attempts per event, the first included (5xx, 408, 429, timeouts and "
            + "connection failures are retried).")
    int max_attempts() default 6;

    @AttributeDefinition(description = "Back-off before the first retry, doubled per retry, with jitter.")
    long initial_backoff_ms() default 1000;

    @AttributeDefinition(description = "Longest back-off between two attempts.")
    long max_backoff_ms() default 60_000;

    @AttributeDefinition(description = "Deadline of one attempt.")
    long timeout_ms() default 10_000;

    @AttributeDefinition(description = "Events waiting for delivery; one more is dropped (and counted).")
    int queue_capacity() default 1000;

    @AttributeDefinition(description = "Deliveries in progress at once (a retry waiting holds its place).")
    int max_in_flight() default 4;
}
