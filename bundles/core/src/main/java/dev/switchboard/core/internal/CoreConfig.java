package dev.switchboard.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Switchboard core", description = "The request path: selection, deadlines, retries")
public @interface CoreConfig {

    @AttributeDefinition(name = "Selection strategy", description = "Name of the SelectionStrategy to use when "
            + "several are bound (switchboard.strategy); the first bound one otherwise")
    String selection_strategy() default "round-robin";

    @AttributeDefinition(name = "Request timeout (ms)", description = "Deadline of a whole request, all attempts")
    long request_timeout_ms() default 120_000;

    @AttributeDefinition(name = "Max attempts", description = "Provider calls per request, failovers and retries together")
    int max_attempts() default 3;

    @AttributeDefinition(name = "Retry back-off (ms)", description = "First back-off before a route is tried again")
    long retry_backoff_ms() default 200;

    @AttributeDefinition(name = "Longest Retry-After honoured (ms)",
            description = "A provider asking to wait longer than this fails the request instead of holding it")
    long max_retry_after_ms() default 5_000;

    @AttributeDefinition(name = "Concurrent requests per key", min = "0",
            description = "Requests one API key may have in flight on this node at once; more get 429 "
                    + "concurrency_limit_exceeded. Keep it below the upstream connections per origin "
                    + "(dev.switchboard.support.http, 64) so one key cannot take a provider's whole pool. 0: no cap")
    int max_concurrent_per_key() default 32;

    @AttributeDefinition(name = "Circuit failure threshold", description = "Consecutive failures that open a circuit")
    int circuit_failure_threshold() default 5;

    @AttributeDefinition(name = "Circuit open (ms)", description = "How long an open circuit keeps traffic away")
    long circuit_open_ms() default 30_000;
}
