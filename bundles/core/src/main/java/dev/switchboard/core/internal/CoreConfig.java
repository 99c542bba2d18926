package dev.switchboard.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Switchboard core", description = "The request path: selection, deadlines, retries")
public @interface CoreConfig {

    @AttributeDefinition(name = "Selection strategy", description = "Name of the SelectionStrategy to use when "
            + "several are bound (switchboard.strategy); the first bound one otherwise. A model can have its own "
            + "with the key selection.strategy.<model id> (e.g. selection.strategy.gpt-4o = lowest-latency)")
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

    @AttributeDefinition(name = "Circuit failure threshold", min = "1",
            description = "Consecutive failures that open a circuit whatever the window says")
    int circuit_failure_threshold() default 5;

    @AttributeDefinition(name = "Circuit open (ms)", min = "1",
            description = "How long an open circuit keeps traffic away before it lets probes through")
    long circuit_open_ms() default 30_000;

    @AttributeDefinition(name = "Circuit failure rate", description = "Share of failed calls in the window "
            + "(0..1] that opens a circuit, once the window holds circuit.minimum.calls calls")
    double circuit_failure_rate() default 0.5;

    @AttributeDefinition(name = "Circuit slow call (ms)", min = "1", description = "A call (a stream: its first "
            + "chunk) slower than this counts as slow")
    long circuit_slow_call_ms() default 60_000;

    @AttributeDefinition(name = "Circuit slow call rate", description = "Share of slow calls in the window (0..1] "
            + "that opens a circuit")
    double circuit_slow_call_rate() default 1.0;

    @AttributeDefinition(name = "Circuit window (ms)", min = "100", description = "The sliding window the rates "
            + "are counted over")
    long circuit_window_ms() default 10_000;

    @AttributeDefinition(name = "Circuit minimum calls", min = "1", description = "Calls the window must hold "
            + "before its rates can open a circuit")
    int circuit_minimum_calls() default 10;

    @AttributeDefinition(name = "Circuit half-open probes", min = "1", description = "Requests let through to an "
            + "instance whose cool-down passed; that many successes close it, one failure opens it again")
    int circuit_half_open_probes() default 3;

    @AttributeDefinition(name = "Cache partition", description = "Whose answers a cached answer may serve: tenant"
            + " (every key of the tenant) or key (only the key that stored it). Requests that name a user are kept"
            + " per user either way.", options = {
            @org.osgi.service.metatype.annotations.Option(label = "tenant", value = "tenant"),
            @org.osgi.service.metatype.annotations.Option(label = "key", value = "key")})
    String cache_partition() default "tenant";

    @AttributeDefinition(name = "Cache requests with tools", description = "Whether requests that offer tools (or"
            + " functions) may be answered from cache; their answers call tools, which is rarely safe to repeat.")
    boolean cache_tools() default false;

    @AttributeDefinition(name = "Cache requests with images", description = "Whether requests with image, audio or"
            + " file content parts may be answered from cache.")
    boolean cache_images() default false;

    @AttributeDefinition(name = "Models never cached", description = "Comma-separated model names (or prefixes"
            + " ending in *) whose answers are never cached, whatever the request says.", required = false)
    String cache_disabled_models() default "";

    @AttributeDefinition(name = "Cache time to live per model", description = "Comma-separated model=seconds (model"
            + " may end in *): answers of the model are kept at most this long, in every cache level.",
            required = false)
    String cache_model_ttl() default "";
    @AttributeDefinition(name = "Health check interval (ms)", min = "0", description = "How often each instance "
            + "whose provider offers a health check (a models list, never billed tokens) is checked; 0: never. "
            + "health.check.interval.ms.<instance id> (or the instance's own health.check.interval.ms) overrides it")
    long health_check_interval_ms() default 30_000;

    @AttributeDefinition(name = "Health check timeout (ms)", min = "1",
            description = "How long one health check may take before it counts as a TIMEOUT")
    long health_check_timeout_ms() default 10_000;
}
