package dev.switchboard.provider.mock.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(id = MockConfig.PID, name = "Switchboard mock provider",
        description = "A provider that answers locally: for trying the gateway, tests and load tests.")
public @interface MockConfig {

    String PID = "dev.switchboard.provider.mock";

    @AttributeDefinition(name = "Enabled", description = "Offer the configured mock instance to core.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Instance id", description = "Id of the configured instance.")
    String instance_id() default "mock";

    @AttributeDefinition(name = "Latency (ms)", description = "Simulated time before the answer (or first chunk).")
    long latency_ms() default 0;

    @AttributeDefinition(name = "Stream chunk delay (ms)", description = "Simulated time between streamed chunks.")
    long stream_chunk_delay_ms() default 0;

    @AttributeDefinition(name = "Error rate", description = "Fraction of calls (0.0 to 1.0) that fail with the error code.")
    double error_rate() default 0.0;

    @AttributeDefinition(name = "Error code", description = "How injected failures fail.", options = {
            @Option(label = "UNAVAILABLE", value = "UNAVAILABLE"), @Option(label = "RATE_LIMIT", value = "RATE_LIMIT"), @Option(label = "TIMEOUT", value = "TIMEOUT"),
            @Option(label = "INTERNAL", value = "INTERNAL"), @Option(label = "AUTH", value = "AUTH"), @Option(label = "PERMISSION", value = "PERMISSION"),
            @Option(label = "BAD_REQUEST", value = "BAD_REQUEST"), @Option(label = "CONTEXT_LENGTH", value = "CONTEXT_LENGTH"), @Option(label = "CONTENT_FILTER", value = "CONTENT_FILTER"),
            @Option(label = "NOT_FOUND", value = "NOT_FOUND")})
    String error_code() default "UNAVAILABLE";

    @AttributeDefinition(name = "Error seed", required = false,
            description = "A number makes the sequence of failing calls repeatable; empty: random.")
    String error_seed() default "";

    @AttributeDefinition(name = "Error retry-after (ms)", description = "Retry-after on injected failures; 0: none.")
    long error_retry_after_ms() default 0;

    @AttributeDefinition(name = "Models",
            description = "Model ids, optionally with prices per 1M tokens: id or id=input/output. A model whose id "
                    + "contains 'lorem' answers lorem ipsum; any other echoes the last user message.")
    String[] models() default {"mock-echo", "mock-lorem", "mock-embed=0.02/0/8191"};

    @AttributeDefinition(name = "Input price per 1M tokens (USD)", description = "For models without their own price.")
    String input_price_per_mtok() default "1.00";

    @AttributeDefinition(name = "Output price per 1M tokens (USD)", description = "For models without their own price.")
    String output_price_per_mtok() default "2.00";

    @AttributeDefinition(name = "Context window (tokens)", description = "Context window of every mock model.")
    int context_window() default 128_000;
}
