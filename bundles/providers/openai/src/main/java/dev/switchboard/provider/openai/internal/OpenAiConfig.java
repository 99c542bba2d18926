package dev.switchboard.provider.openai.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = OpenAiConfig.PID, name = "Switchboard OpenAI provider",
        description = "The OpenAI Chat Completions API. Offers one instance when an API key is set here or in "
                + "the OPENAI_API_KEY environment variable.")
public @interface OpenAiConfig {

    String PID = "dev.switchboard.provider.openai";

    @AttributeDefinition(name = "Enabled", description = "Offer the configured instance to core (when a key is set).")
    boolean enabled() default true;

    @AttributeDefinition(name = "Instance id", description = "Id of the configured instance.")
    String instance_id() default "openai";

    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
            description = "Empty: the OPENAI_API_KEY environment variable; neither set: no instance.")
    String api_key() default "";

    @AttributeDefinition(name = "Base URL", description = "The API root; /chat/completions is appended.")
    String base_url() default OpenAiSettings.DEFAULT_BASE_URL;

    @AttributeDefinition(name = "Organization", required = false, description = "Sent as OpenAI-Organization.")
    String organization() default "";

    @AttributeDefinition(name = "Project", required = false, description = "Sent as OpenAI-Project.")
    String project() default "";

    @AttributeDefinition(name = "Models",
            description = "The catalog: id=input/output/context/cachedInput, prices in USD per 1M tokens, context "
                    + "in tokens; entries separated by commas or given as a list.")
    String[] models() default {
        "gpt-5=1.25/10.00/400000/0.125", "gpt-5-mini=0.25/2.00/400000/0.025", "gpt-5-nano=0.05/0.40/400000/0.005",
        "gpt-4.1=2.00/8.00/1047576/0.50", "gpt-4.1-mini=0.40/1.60/1047576/0.10",
        "gpt-4.1-nano=0.10/0.40/1047576/0.025", "gpt-4o=2.50/10.00/128000/1.25", "gpt-4o-mini=0.15/0.60/128000/0.075",
        "o3=2.00/8.00/200000/0.50", "o4-mini=1.10/4.40/200000/0.275"};

    @AttributeDefinition(name = "Weight", description = "Share of traffic for weighted selection.")
    int weight() default 1;

    @AttributeDefinition(name = "Connect timeout (ms)", description = "Longest wait for a connection to the API.")
    long connect_timeout_ms() default OpenAiSettings.DEFAULT_CONNECT_TIMEOUT_MS;

    @AttributeDefinition(name = "Request timeout (ms)",
            description = "Longest wait for an answer (for a stream: for it to begin); the gateway's deadline may be shorter.")
    long request_timeout_ms() default OpenAiSettings.DEFAULT_REQUEST_TIMEOUT_MS;

    @AttributeDefinition(name = "Stream idle timeout (ms)",
            description = "Longest silence inside a stream; reasoning models can think for minutes between chunks.")
    long stream_idle_timeout_ms() default OpenAiSettings.DEFAULT_STREAM_IDLE_TIMEOUT_MS;
}
