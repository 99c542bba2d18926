package dev.switchboard.provider.anthropic.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = AnthropicConfig.PID, name = "Switchboard Anthropic provider",
        description = "The Anthropic Messages API. Offers one instance when an API key is set here or in "
                + "the ANTHROPIC_API_KEY environment variable.")
public @interface AnthropicConfig {

    String PID = "dev.switchboard.provider.anthropic";

    @AttributeDefinition(name = "Enabled", description = "Offer the configured instance to core (when a key is set).")
    boolean enabled() default true;

    @AttributeDefinition(name = "Instance id", description = "Id of the configured instance.")
    String instance_id() default "anthropic";

    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
            description = "Empty: the ANTHROPIC_API_KEY environment variable; neither set: no instance.")
    String api_key() default "";

    @AttributeDefinition(name = "Base URL", description = "The API root; /messages is appended.")
    String base_url() default AnthropicSettings.DEFAULT_BASE_URL;

    @AttributeDefinition(name = "API version", description = "Sent as anthropic-version.")
    String api_version() default AnthropicSettings.DEFAULT_API_VERSION;

    @AttributeDefinition(name = "Beta features", required = false,
            description = "Sent as anthropic-beta when set (comma-separated feature names).")
    String beta() default "";

    @AttributeDefinition(name = "Models",
            description = "The catalog: id=input/output/context, prices in USD per 1M tokens, context in tokens; "
                    + "entries separated by commas or given as a list.")
    String[] models() default {
        "claude-opus-4-1=15.00/75.00/200000", "claude-opus-4-0=15.00/75.00/200000",
        "claude-sonnet-4-5=3.00/15.00/200000", "claude-sonnet-4-0=3.00/15.00/200000",
        "claude-3-7-sonnet-latest=3.00/15.00/200000",
        "claude-haiku-4-5=1.00/5.00/200000", "claude-3-5-haiku-latest=0.80/4.00/200000"};

    @AttributeDefinition(name = "Output token limits",
            description = "max_tokens sent when the client sent none, per model: id=tokens; the rest get the default.")
    String[] max_output_tokens() default {
        "claude-opus-4-1=32000", "claude-opus-4-0=32000", "claude-sonnet-4-5=64000", "claude-sonnet-4-0=64000",
        "claude-3-7-sonnet-latest=64000", "claude-haiku-4-5=64000", "claude-3-5-haiku-latest=8192"};

    @AttributeDefinition(name = "Default output token limit",
            description = "max_tokens sent when the client sent none and the model has no entry above.")
    int default_max_tokens() default AnthropicSettings.DEFAULT_MAX_TOKENS;

    @AttributeDefinition(name = "Weight", description = "Share of traffic for weighted selection.")
    int weight() default 1;

    @AttributeDefinition(name = "Connect timeout (ms)", description = "Longest wait for a connection to the API.")
    long connect_timeout_ms() default AnthropicSettings.DEFAULT_CONNECT_TIMEOUT_MS;

    @AttributeDefinition(name = "Request timeout (ms)",
            description = "Longest wait for an answer (for a stream: for it to begin); the gateway's deadline may be shorter.")
    long request_timeout_ms() default AnthropicSettings.DEFAULT_REQUEST_TIMEOUT_MS;

    @AttributeDefinition(name = "Stream idle timeout (ms)",
            description = "Longest silence inside a stream (Anthropic pings every few seconds).")
    long stream_idle_timeout_ms() default AnthropicSettings.DEFAULT_STREAM_IDLE_TIMEOUT_MS;
}
